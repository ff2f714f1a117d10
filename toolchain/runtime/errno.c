/*
 * errno.c - the errno variable (one thread, so a plain global).
 */
#include <errno.h>

int errno;
