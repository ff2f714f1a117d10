/* The reference executor's hot hooks, called by unicorn straight from translated code.

   A Python hook costs ~1 us a call; these cost nanoseconds.  Two of them:

   zb_block_hook (UC_HOOK_BLOCK): the instruction budget.  At the start of every translation
   block it adds the block's instruction count to `executed`; when that would pass `limit`
   it stops the emulation before the block runs (unicorn checks the stop request right
   after the block hook), so the session ends at the same instruction on every run.  A
   block's count comes from the instruction-start maps of the validated code (the
   validator decoded it already) or, for code outside them, from `miss` (Python: capstone),
   and is cached by (address, size).

   zb_code_hook (UC_HOOK_CODE over a cluster of addresses): the alignment check of SSE
   instructions with a 16-byte memory operand, which unicorn does not make (the CPU raises
   #GP: zerovm reports SIGSEGV at the instruction).  Addresses without a check return at once.
   A hooked instruction costs a helper call, hooked or not, checked or not: so the block hook
   makes the check instead where it can (below), and code hooks are the fallback.

   The alignment check at the block's start (the instructions marked with zb_mark_block_check):
   for each such instruction X in the block, `forms` (Python: alignment.py) gives X's address
   mod 16 as a linear form over the registers at the block's start, cached with the block's
   count.  When every X evaluates to aligned the block runs with no hook at all.  When one may
   not be aligned (or its form is unknown) the block does not run: the hook stops before it,
   like the budget, and notes it in `recheck_pc`/`recheck_size`; the machine then puts code
   hooks over the block's X's and runs it again, so the fault (or an earlier one) comes at its
   exact instruction.  A block stopped so is counted when it runs again, not before.

   zb_tlb_fill (UC_HOOK_TLB_FILL, unicorn's virtual-TLB mode): pages get the protection of
   the user memory region they are in (identity-mapped).  unicorn 2.1.4's own TLB marks every
   page executable, and then keeps every store on its slow path (~140 ns: the check for
   self-modifying code); a data page that is not executable takes stores at full speed.
   An access the region does not allow is refused here (unicorn raises UC_ERR_EXCEPTION at
   the instruction: SIGSEGV); an unmapped page gets all rights and unicorn reports it
   unmapped, after `unmapped` noted its address.

   Built by harness/targets/ref/native.py; not linked with unicorn: zb_init is given the two
   entry points it calls (libunicorn is loaded privately by its Python binding). */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct uc_struct uc_engine;
static int (*uc_emu_stop)(uc_engine *uc);
static int (*uc_reg_read)(uc_engine *uc, int regid, void *value);

void zb_init(int (*stop)(uc_engine *), int (*reg_read)(uc_engine *, int, void *))
{
    uc_emu_stop = stop;
    uc_reg_read = reg_read;
}

typedef uint32_t (*miss_fn)(uint64_t pc, uint32_t size);
typedef void (*forms_fn)(uint64_t pc, uint32_t size);  /* calls zb_push_form for each X */

#define BLOCK_SLOTS (1u << 16)  /* a cache: emptied when half full, so a probe always ends */
#define CHECK_SLOTS (1u << 12)  /* the first size of the check table, doubled when half full */
#define MAX_REGIONS 256
#define MAX_PROTS 1024
#define MAX_TERMS 4  /* alignment.py MAX_TERMS */
#define START 1  /* region map: an instruction start */
#define BLOCK_CHECK 2  /* region map: an SSE instruction checked by the block hook */
#define UC_PROT_ALL 7
#define UC_MEM_READ 16
#define UC_MEM_WRITE 17
#define UC_MEM_FETCH 18

struct prot {
    uint64_t start, end;
    uint32_t perms;  /* UC_PROT_* */
};

struct tlb_entry {
    uint64_t paddr;
    int perms;
};

struct region {
    uint64_t start, end;
    uint8_t *starts;  /* START at every instruction start, | BLOCK_CHECK */
};

/* X's address mod 16 = c + sum(coeffs[k] * regs[k]) at the start of its block */
struct form {
    uint64_t pc;
    int32_t nterms;  /* -1: unknown */
    int32_t regs[MAX_TERMS];  /* unicorn register ids */
    uint32_t coeffs[MAX_TERMS];
    uint32_t c;
};

struct block {
    uint32_t count;
    uint32_t first, nforms;  /* its forms in budget.forms */
    /* the usual case, one form of one register, kept here instead (nforms 0): reg -1 when not */
    int32_t reg;
    uint32_t coeff, c;
};

struct check {
    uint64_t pc;  /* 0: empty slot */
    int32_t base, index;  /* unicorn register ids, -1: none */
    int64_t disp;
    int32_t scale;
    int32_t kind;  /* 1: alignment check, 2: stop always (an approximate instruction) */
};

struct budget {
    /* read by Python (native.py mirrors these first fields) */
    uint64_t executed;
    uint64_t limit;
    uint64_t stopped;  /* 1: the budget ran out */
    uint64_t fault_pc;  /* the instruction a check stopped at */
    uint64_t fault_kind;  /* 1 misaligned, 2 approximate */
    uint64_t misses;
    uint64_t unmapped;  /* the last page filled outside every region (+1; 0: none) */
    uint64_t denied;  /* the last page an access was refused on (+1; 0: none) */
    uint64_t recheck_pc;  /* the block the alignment check stopped before (0: none) */
    uint64_t recheck_size;
    /* private */
    miss_fn miss;
    forms_fn forms_fn;
    uint32_t nregions;
    struct region regions[MAX_REGIONS];
    uint64_t *keys;  /* pc << 16 | size; 0: empty */
    struct block *blocks;
    uint32_t nblocks;
    struct form *forms;
    uint32_t nforms, form_slots;
    int push_failed;  /* a zb_push_form failed while forms_fn ran */
    struct check *checks;
    uint32_t nchecks;
    uint32_t check_slots;  /* a power of two */
    uint32_t nprots;
    struct prot prots[MAX_PROTS];  /* ascending, disjoint */
};

static inline uint32_t mix(uint64_t key, uint32_t mask)
{
    key ^= key >> 29;
    key *= 0xbf58476d1ce4e5b9ull;
    key ^= key >> 32;
    return (uint32_t)key & mask;
}

struct budget *zb_new(uint64_t limit, miss_fn miss)
{
    struct budget *b = calloc(1, sizeof *b);
    if (b == NULL)
        return NULL;
    b->keys = calloc(BLOCK_SLOTS, sizeof *b->keys);
    b->blocks = calloc(BLOCK_SLOTS, sizeof *b->blocks);
    b->checks = calloc(CHECK_SLOTS, sizeof *b->checks);
    if (b->keys == NULL || b->blocks == NULL || b->checks == NULL) {
        free(b->keys);
        free(b->blocks);
        free(b->checks);
        free(b);
        return NULL;
    }
    b->limit = limit;
    b->miss = miss;
    b->check_slots = CHECK_SLOTS;
    return b;
}

void zb_free(struct budget *b)
{
    for (uint32_t i = 0; i < b->nregions; i++)
        free(b->regions[i].starts);
    free(b->keys);
    free(b->blocks);
    free(b->checks);
    free(b->forms);
    free(b);
}

void zb_set_forms(struct budget *b, forms_fn fn)
{
    b->forms_fn = fn;
}

/* One X's form, while `forms_fn` runs.  0 on success (else the block's forms are incomplete:
   zb_block_hook then makes them one unknown form). */
int zb_push_form(struct budget *b, uint64_t pc, int32_t nterms, const int32_t *regs, const uint32_t *coeffs,
                 uint32_t c)
{
    if (nterms > MAX_TERMS) {
        b->push_failed = 1;
        return -1;
    }
    if (b->nforms == b->form_slots) {
        uint32_t slots = b->form_slots ? b->form_slots * 2 : 256;
        struct form *grown = realloc(b->forms, slots * sizeof *grown);
        if (grown == NULL) {
            b->push_failed = 1;
            return -1;
        }
        b->forms = grown;
        b->form_slots = slots;
    }
    struct form *f = &b->forms[b->nforms++];
    memset(f, 0, sizeof *f);
    f->pc = pc;
    f->nterms = nterms;
    for (int32_t k = 0; k < nterms; k++) {
        f->regs[k] = regs[k];
        f->coeffs[k] = coeffs[k];
    }
    f->c = c;
    return 0;
}

/* Forget every cached block count (code was jailed or unjailed: blocks are retranslated). */
void zb_clear_blocks(struct budget *b)
{
    memset(b->keys, 0, BLOCK_SLOTS * sizeof *b->keys);
    b->nblocks = 0;
    b->nforms = 0;
}

/* Drop the maps overlapping [start, end) (unjailed code). */
void zb_remove_regions(struct budget *b, uint64_t start, uint64_t end)
{
    uint32_t kept = 0;
    for (uint32_t i = 0; i < b->nregions; i++) {
        struct region *r = &b->regions[i];
        if (r->end <= start || r->start >= end)
            b->regions[kept++] = *r;
        else
            free(r->starts);
    }
    b->nregions = kept;
}

/* An instruction-start map for [start, end): replaces the regions it overlaps.  0 on success. */
int zb_add_region(struct budget *b, uint64_t start, uint64_t end, const uint8_t *starts)
{
    zb_remove_regions(b, start, end);
    if (b->nregions == MAX_REGIONS)
        return -1;
    uint8_t *copy = malloc(end - start);
    if (copy == NULL)
        return -1;
    memcpy(copy, starts, end - start);
    b->regions[b->nregions++] = (struct region){start, end, copy};
    return 0;
}

/* Mark (on) or unmark the instruction at pc as checked by the block hook.  0 on success. */
int zb_mark_block_check(struct budget *b, uint64_t pc, int on)
{
    for (uint32_t i = 0; i < b->nregions; i++) {
        struct region *r = &b->regions[i];
        if (r->start <= pc && pc < r->end) {
            if (on)
                r->starts[pc - r->start] |= BLOCK_CHECK;
            else
                r->starts[pc - r->start] &= (uint8_t)~BLOCK_CHECK;
            return 0;
        }
    }
    return -1;
}

static uint32_t count_block(struct budget *b, uint64_t pc, uint32_t size, int *checked)
{
    for (uint32_t i = 0; i < b->nregions; i++) {
        struct region *r = &b->regions[i];
        if (r->start <= pc && pc + size <= r->end) {
            const uint8_t *s = r->starts + (pc - r->start);
            uint32_t n = 0, any = 0;
            for (uint32_t k = 0; k < size; k++) {
                n += s[k] & START;
                any |= s[k];
            }
            *checked = (any & BLOCK_CHECK) != 0;
            return n;
        }
    }
    /* Not inside one map: code never validated, or a block running from one map into the next
       (adjacent jailed ranges), whose marked X's still count. */
    b->misses++;
    *checked = 0;
    for (uint32_t i = 0; i < b->nregions; i++) {
        const struct region *r = &b->regions[i];
        uint64_t lo = pc > r->start ? pc : r->start, hi = pc + size < r->end ? pc + size : r->end;
        for (uint64_t a = lo; a < hi; a++)
            if (r->starts[a - r->start] & BLOCK_CHECK)
                *checked = 1;
    }
    return b->miss(pc, size);
}

/* A new block's count and forms. */
static struct block make_block(struct budget *b, uint64_t pc, uint32_t size)
{
    int checked;
    struct block blk = {count_block(b, pc, size, &checked), b->nforms, 0, -1, 0, 0};
    if (checked) {
        /* No forms is an answer (every X aligned whatever the registers); a form that could not
           be stored is not: then the block runs checked. */
        b->push_failed = 0;
        if (b->forms_fn != NULL)
            b->forms_fn(pc, size);
        if (b->forms_fn == NULL || b->push_failed) {
            b->nforms = blk.first;
            if (zb_push_form(b, pc, -1, NULL, NULL, 0) != 0)
                abort();  /* out of memory in the middle of a hook: nothing safe to do */
        }
    }
    blk.nforms = b->nforms - blk.first;
    if (blk.nforms == 1 && b->forms[blk.first].nterms == 1) {
        const struct form *f = &b->forms[blk.first];
        blk.reg = f->regs[0];
        blk.coeff = f->coeffs[0];
        blk.c = f->c;
        blk.nforms = 0;
        b->nforms = blk.first;
    }
    return blk;
}

/* 1 when some X of the block may be misaligned at its start.  A register is read once (a read
   costs more than the rest: the X's of a block mostly share theirs). */
static int misaligned(uc_engine *uc, const struct budget *b, const struct block *blk)
{
    int32_t ids[8];
    uint64_t values[8];
    uint32_t nread = 0;
    for (uint32_t k = 0; k < blk->nforms; k++) {
        const struct form *f = &b->forms[blk->first + k];
        if (f->nterms < 0)
            return 1;
        uint64_t a = f->c;
        for (int32_t t = 0; t < f->nterms; t++) {
            uint32_t j = 0;
            while (j < nread && ids[j] != f->regs[t])
                j++;
            uint64_t value;
            if (j < nread) {
                value = values[j];
            } else {
                uc_reg_read(uc, f->regs[t], &value);
                if (nread < 8) {
                    ids[nread] = f->regs[t];
                    values[nread++] = value;
                }
            }
            a += f->coeffs[t] * value;
        }
        if (a & 15)
            return 1;
    }
    return 0;
}

void zb_block_hook(uc_engine *uc, uint64_t pc, uint32_t size, struct budget *b)
{
    uint64_t key = pc << 16 | (size & 0xffff);
    uint32_t mask = BLOCK_SLOTS - 1, i = mix(key, mask);
    struct block *blk;
    for (;;) {
        if (b->keys[i] == key) {
            blk = &b->blocks[i];
            break;
        }
        if (b->keys[i] == 0) {
            if ((b->nblocks + 1) * 2 > BLOCK_SLOTS) {
                /* A program with more blocks than the cache holds: start again rather than fill it
                   (a full table would never end a probe). */
                zb_clear_blocks(b);
                i = mix(key, mask);
            }
            b->nblocks++;
            b->blocks[i] = make_block(b, pc, size);
            b->keys[i] = key;
            blk = &b->blocks[i];
            break;
        }
        i = (i + 1) & mask;
    }
    if (b->executed + blk->count > b->limit) {
        b->stopped = 1;
        uc_emu_stop(uc);
        return;
    }
    int recheck = 0;
    if (blk->reg >= 0) {
        uint64_t value;
        uc_reg_read(uc, blk->reg, &value);
        recheck = ((blk->c + blk->coeff * value) & 15) != 0;
    } else if (blk->nforms != 0) {
        recheck = misaligned(uc, b, blk);
    }
    if (recheck) {
        b->recheck_pc = pc;
        b->recheck_size = size;
        uc_emu_stop(uc);
        return;
    }
    b->executed += blk->count;
}

void zb_set_limit(struct budget *b, uint64_t limit)
{
    b->executed = 0;
    b->limit = limit;
}

/* An SSE instruction at `pc` to check (kind 1), or to stop at (kind 2).  0 on success. */
static int grow_checks(struct budget *b, uint32_t slots);

int zb_add_check(struct budget *b, uint64_t pc, int32_t base, int32_t index, int32_t scale, int64_t disp,
                 int32_t kind)
{
    if ((b->nchecks + 1) * 2 > b->check_slots && grow_checks(b, b->check_slots * 2) != 0)
        return -1;
    uint32_t mask = b->check_slots - 1, i = mix(pc, mask);
    while (b->checks[i].pc != 0 && b->checks[i].pc != pc)
        i = (i + 1) & mask;
    if (b->checks[i].pc == 0)
        b->nchecks++;
    b->checks[i] = (struct check){pc, base, index, disp, scale, kind};
    return 0;
}

/* Rebuild the check table with `slots` slots, keeping the checks outside [start, end).  0 on success. */
static int rebuild_checks(struct budget *b, uint32_t slots, uint64_t start, uint64_t end)
{
    struct check *old = b->checks;
    uint32_t old_slots = b->check_slots;
    struct check *fresh = calloc(slots, sizeof *fresh);
    if (fresh == NULL)
        return -1;
    b->checks = fresh;
    b->check_slots = slots;
    b->nchecks = 0;
    for (uint32_t i = 0; i < old_slots; i++) {
        struct check *c = &old[i];
        if (c->pc != 0 && (c->pc < start || c->pc >= end))
            zb_add_check(b, c->pc, c->base, c->index, c->scale, c->disp, c->kind);  /* fits: slots >= old */
    }
    free(old);
    return 0;
}

static int grow_checks(struct budget *b, uint32_t slots)
{
    return slots == 0 ? -1 : rebuild_checks(b, slots, 0, 0);
}

/* Drop the checks in [start, end) (rare: unjail, re-jail). */
void zb_remove_checks(struct budget *b, uint64_t start, uint64_t end)
{
    rebuild_checks(b, b->check_slots, start, end);
}

void zb_code_hook(uc_engine *uc, uint64_t pc, uint32_t size, struct budget *b)
{
    (void)size;
    uint32_t mask = b->check_slots - 1, i = mix(pc, mask);
    const struct check *c;
    for (;;) {
        c = &b->checks[i];
        if (c->pc == pc)
            break;
        if (c->pc == 0)
            return;
        i = (i + 1) & mask;
    }
    if (c->kind == 1) {
        uint64_t ea = (uint64_t)c->disp, value;
        if (c->base >= 0) {
            uc_reg_read(uc, c->base, &value);
            ea += value;
        }
        if (c->index >= 0) {
            uc_reg_read(uc, c->index, &value);
            ea += value * (uint64_t)c->scale;
        }
        if ((ea & 15) == 0)
            return;
    }
    b->fault_pc = pc;
    b->fault_kind = (uint64_t)c->kind;
    uc_emu_stop(uc);
}

/* The protections of user memory (system addresses, ascending, disjoint).  0 on success. */
int zb_set_prots(struct budget *b, uint32_t n, const uint64_t *starts, const uint64_t *ends, const uint32_t *perms)
{
    if (n > MAX_PROTS)
        return -1;
    for (uint32_t i = 0; i < n; i++)
        b->prots[i] = (struct prot){starts[i], ends[i], perms[i]};
    b->nprots = n;
    return 0;
}

int zb_tlb_fill(uc_engine *uc, uint64_t page, int type, struct tlb_entry *e, struct budget *b)
{
    (void)uc;
    e->paddr = page;
    uint32_t lo = 0, hi = b->nprots;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (b->prots[mid].end <= page)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == b->nprots || b->prots[lo].start > page) {
        b->unmapped = page + 1;
        e->perms = UC_PROT_ALL;
        return 1;
    }
    e->perms = (int)b->prots[lo].perms;
    int need = type == UC_MEM_WRITE ? 2 : type == UC_MEM_FETCH ? 4 : 1;
    if (!(e->perms & need))
        b->denied = page + 1;
    return 1;
}
