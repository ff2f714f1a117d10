/* Changes its data segment, then faults: the /dev/memory etag still hashes memory as the fault left it. */
static volatile char note[32] = "before";

int main(void)
{
  note[0] = 'A';
  *(volatile int *)0 = 1;
  return 0;
}
