/* A data segment the session changes: the /dev/memory etag hashes it with the rest of memory. */
static volatile char note[32] = "before";

int main(void)
{
  note[0] = 'A';
  note[5] = 'Z';
  return note[1];
}
