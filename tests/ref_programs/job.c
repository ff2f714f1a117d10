/*
 * job.c - a Job (daemon-mode) session: what a parent leaves and what its children do.
 *
 * The parent reads up to 64 bytes of /dev/input (if there is such a channel) into
 * `marker`, writes "parent:<marker>\n" to /dev/stdout, and calls zvm_fork().  With a Job
 * the parent ends inside that call; each child session goes on from there: it reads its
 * command from /dev/stdin (one read of up to 200 bytes) and
 *   echo        writes "child f=<fork result> n=<bytes read> marker=<marker> cmd=<command>
 *               input=<result of a 4-byte read of /dev/input>\n" and exits 3
 *   fault       stores to address 0
 *   spin        loops for ever
 *   fork        calls zvm_fork() again, writes "refork=<result>\n" and exits 5
 *   exit N      exits N
 *   (anything else, or nothing) exits 7
 * A copy of every stdout line also goes to /dev/log if there is such a channel.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zvm.h>

static char marker[80] = "untouched";
static char cmd[256];
static char line[512];

static int find(const char *alias)
{
  const struct zvm_manifest *m = zvm_manifest();
  for (uint32_t i = 0; i < m->channels_count; i++)
    if (strcmp(zvm_channel_name((int)i), alias) == 0) return (int)i;
  return -1;
}

static void say(const char *text)
{
  int n = (int)strlen(text);
  zvm_pwrite(1, text, n, 0);
  int log = find("/dev/log");
  if (log >= 0) zvm_pwrite(log, text, n, 0);
}

int main(void)
{
  int input = find("/dev/input");
  if (input >= 0) {
    int n = zvm_pread(input, marker, 64, 0);
    marker[n > 0 ? n : 0] = 0;
  }
  snprintf(line, sizeof line, "parent:%s\n", marker);
  say(line);

  int f = zvm_fork();

  int n = zvm_pread(0, cmd, 200, 0);
  cmd[n > 0 ? n : 0] = 0;
  if (strncmp(cmd, "echo", 4) == 0) {
    char got[8] = {0};
    int r = input >= 0 ? zvm_pread(input, got, 4, 0) : -999;
    snprintf(line, sizeof line, "child f=%d n=%d marker=%s cmd=%s input=%d:%s\n", f, n, marker, cmd, r,
             r > 0 ? got : "");
    say(line);
    zvm_exit(3);
  }
  if (strncmp(cmd, "fault", 5) == 0) *(volatile int *)(uintptr_t)0 = 1;
  if (strncmp(cmd, "spin", 4) == 0)
    for (;;) __asm__ volatile("");
  if (strncmp(cmd, "fork", 4) == 0) {
    int r = zvm_fork();
    snprintf(line, sizeof line, "refork=%d\n", r);
    say(line);
    zvm_exit(5);
  }
  if (strncmp(cmd, "exit ", 5) == 0) zvm_exit(atoi(cmd + 5));
  zvm_exit(7);
}
