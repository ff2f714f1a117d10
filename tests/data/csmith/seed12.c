/*
 * This is a RANDOMLY GENERATED PROGRAM.
 *
 * Generator: csmith 2.3.0
 * Git version: 30dccd7
 * Options:   --seed 12 --max-funcs 3 --max-block-depth 3 --max-expr-complexity 6 --max-array-dim 2 --output seed12.c
 * Seed:      12
 */

#include "csmith.h"


static long __undefined;

/* --- Struct/Union Declarations --- */
union U0 {
   signed f0 : 20;
   uint64_t  f1;
};

union U1 {
   volatile int16_t  f0;
   int32_t  f1;
   const uint16_t  f2;
   int16_t  f3;
   int16_t  f4;
};

/* --- GLOBAL VARIABLES --- */
static int32_t g_3[6] = {0x11F07B4BL,(-10L),0x11F07B4BL,0x11F07B4BL,(-10L),0x11F07B4BL};
static volatile union U1 g_16[6] = {{-1L},{0x657EL},{-1L},{-1L},{0x657EL},{-1L}};
static uint8_t g_39 = 0x62L;
static int16_t g_43 = 1L;
static const uint8_t * const g_50 = (void*)0;
static const uint8_t * const *g_49 = &g_50;
static const uint8_t * const ** volatile g_48 = &g_49;/* VOLATILE GLOBAL g_48 */
static union U0 g_51 = {-9L};
static int16_t *g_58 = (void*)0;
static int32_t g_60[2] = {7L,7L};
static int32_t * volatile g_59 = &g_60[0];/* VOLATILE GLOBAL g_59 */
static uint64_t g_61[4] = {18446744073709551613UL,18446744073709551613UL,18446744073709551613UL,18446744073709551613UL};
static int32_t *g_97 = &g_60[1];
static int32_t **g_96 = &g_97;
static union U0 *g_105 = &g_51;
static union U0 ** volatile g_104 = &g_105;/* VOLATILE GLOBAL g_104 */


/* --- FORWARD DECLARATIONS --- */
static uint32_t  func_1(void);
static int8_t  func_9(union U0  p_10, uint64_t  p_11);
static union U0  func_12(int8_t  p_13, int32_t  p_14, uint16_t  p_15);


/* --- FUNCTIONS --- */
/* ------------------------------------------ */
/* 
 * reads : g_3 g_16 g_16.f3 g_16.f2 g_16.f0 g_39 g_48 g_51 g_51.f0 g_59 g_61 g_60 g_104 g_96 g_97
 * writes: g_3 g_39 g_43 g_49 g_51.f1 g_58 g_60 g_96 g_105
 */
static uint32_t  func_1(void)
{ /* block id: 0 */
    int8_t l_2[1][2];
    int16_t *l_56 = &g_43;
    int32_t l_70[1];
    int32_t l_80[9][8] = {{1L,(-7L),0x9AA0F805L,(-2L),0x5926F2DCL,0x00275E99L,0x5D840C93L,1L},{0x627CDBDBL,(-2L),0x6105BDF1L,1L,(-1L),0x627CDBDBL,(-4L),0x851ED01BL},{(-1L),0x627CDBDBL,(-4L),0x851ED01BL,(-2L),0xF50803CBL,0xF50803CBL,(-2L)},{0x00275E99L,0x4CB199FCL,0x4CB199FCL,0x00275E99L,(-1L),0x6105BDF1L,0xFBAD4E8CL,1L},{0x49FC4A87L,(-1L),(-1L),1L,6L,0x9AA0F805L,0x7E5C3585L,(-1L)},{(-3L),(-1L),(-1L),0xD230C2C5L,0x00275E99L,0x6105BDF1L,6L,(-3L)},{(-1L),0x49FC4A87L,1L,0x9AA0F805L,0x5926F2DCL,(-4L),0x49FC4A87L,(-6L)},{(-2L),0x4CB199FCL,0xFBAD4E8CL,0x8D7F8389L,0xFBAD4E8CL,0x4CB199FCL,(-2L),0x49FC4A87L},{0x6343A15AL,0xD230C2C5L,0x44ED4C97L,0L,0xF50803CBL,0x6343A15AL,0x9AA0F805L,1L}};
    uint32_t l_81 = 0x286D7ADFL;
    int32_t *l_92 = &g_60[0];
    int32_t **l_91 = &l_92;
    int i, j;
    for (i = 0; i < 1; i++)
    {
        for (j = 0; j < 2; j++)
            l_2[i][j] = 0x48L;
    }
    for (i = 0; i < 1; i++)
        l_70[i] = (-7L);
    for (g_3[2] = 0; (g_3[2] <= 0); g_3[2] += 1)
    { /* block id: 3 */
        uint64_t l_4 = 18446744073709551606UL;
        int16_t *l_55 = &g_43;
        int32_t l_69[6];
        uint32_t l_71 = 0xABA01C9AL;
        int32_t **l_98 = &l_92;
        int i;
        for (i = 0; i < 6; i++)
            l_69[i] = 1L;
        if (l_4)
            break;
        if (l_4)
            break;
        if ((safe_mul_func_uint8_t_u_u((safe_sub_func_int32_t_s_s((l_4 & (g_3[2] , g_3[2])), (((*l_55) = (func_9(func_12(((g_16[5] , (g_16[5].f3 , g_16[5].f2)) ^ 1UL), g_3[2], l_4), g_51.f0) >= l_4)) , l_4))), 0x46L)))
        { /* block id: 26 */
            int16_t **l_62 = &g_58;
            int32_t *l_64 = &g_3[2];
            int32_t l_68[2];
            int i;
            for (i = 0; i < 2; i++)
                l_68[i] = (-5L);
            for (g_51.f1 = 0; (g_51.f1 <= 0); g_51.f1 += 1)
            { /* block id: 29 */
                int16_t **l_57[4] = {(void*)0,(void*)0,(void*)0,(void*)0};
                int i;
                (*g_59) = (l_55 == (g_58 = l_56));
                if (g_61[3])
                    continue;
            }
            for (g_39 = 0; (g_39 <= 0); g_39 += 1)
            { /* block id: 36 */
                int16_t ***l_63 = &l_62;
                int32_t **l_65 = &l_64;
                int i;
                g_60[g_39] = (g_60[g_39] && ((((*l_63) = l_62) != &g_58) >= (*g_59)));
                (*l_65) = l_64;
            }
            for (g_51.f1 = 0; (g_51.f1 <= 0); g_51.f1 += 1)
            { /* block id: 43 */
                int32_t l_66 = 0x52FFABE4L;
                int32_t *l_67[1][7];
                int i, j;
                for (i = 0; i < 1; i++)
                {
                    for (j = 0; j < 7; j++)
                        l_67[i][j] = &g_60[0];
                }
                (*g_59) ^= l_66;
                l_71--;
            }
        }
        else
        { /* block id: 47 */
            uint32_t l_75 = 18446744073709551611UL;
            int32_t *l_78 = &g_60[0];
            int32_t *l_79[8][2] = {{&g_3[2],&g_3[2]},{&g_3[1],&g_3[2]},{&g_3[2],&g_3[1]},{&g_3[2],&g_3[2]},{&g_3[1],&g_3[2]},{&g_3[2],&g_3[1]},{&g_3[2],&g_3[2]},{&g_3[1],&g_3[2]}};
            int i, j;
            for (g_43 = 0; (g_43 >= 0); g_43 -= 1)
            { /* block id: 50 */
                int32_t *l_74[3][9] = {{&l_70[0],&l_70[0],&l_70[0],&l_70[0],&l_70[0],&l_70[0],&l_70[0],&l_70[0],&l_70[0]},{&g_60[1],&l_69[0],&g_60[1],&l_69[0],&g_60[1],&l_69[0],&g_60[1],&l_69[0],&g_60[1]},{&l_70[0],&l_70[0],&l_70[0],&l_70[0],&l_70[0],&l_70[0],&l_70[0],&l_70[0],&l_70[0]}};
                int i, j;
                ++l_75;
            }
            l_81--;
        }
        for (l_81 = 0; (l_81 <= 0); l_81 += 1)
        { /* block id: 57 */
            int32_t *l_84 = &l_69[3];
            int32_t *l_88 = (void*)0;
            (*l_84) = l_69[0];
            for (g_43 = 0; (g_43 <= 0); g_43 += 1)
            { /* block id: 61 */
                uint16_t l_85 = 65530UL;
                int32_t ***l_93 = &l_91;
                int32_t **l_95 = &l_92;
                int32_t ***l_94 = &l_95;
                uint16_t *l_101 = (void*)0;
                uint16_t *l_102 = &l_85;
                (*l_84) ^= l_85;
                (*l_84) = (safe_sub_func_uint16_t_u_u(((l_88 == &g_3[3]) ^ ((*l_102) = (safe_mod_func_uint8_t_u_u(((g_96 = ((*l_94) = ((*l_93) = l_91))) == l_98), (safe_lshift_func_int8_t_s_u(g_16[5].f3, (*l_92))))))), g_3[2]));
                (*l_84) |= ((**l_95) = (***l_93));
            }
            if ((0x85BE0904L <= g_3[3]))
            { /* block id: 71 */
                union U0 *l_103 = &g_51;
                (*l_91) = (*l_91);
                (*g_104) = l_103;
            }
            else
            { /* block id: 74 */
                if ((**g_96))
                    break;
            }
        }
    }
    return g_61[2];
}


/* ------------------------------------------ */
/* 
 * reads : g_3
 * writes:
 */
static int8_t  func_9(union U0  p_10, uint64_t  p_11)
{ /* block id: 22 */
    int32_t *l_54 = &g_3[4];
    int32_t **l_53 = &l_54;
    (*l_53) = &g_3[3];
    return (**l_53);
}


/* ------------------------------------------ */
/* 
 * reads : g_16.f0 g_3 g_39 g_48 g_51
 * writes: g_39 g_43 g_49
 */
static union U0  func_12(int8_t  p_13, int32_t  p_14, uint16_t  p_15)
{ /* block id: 6 */
    int8_t l_17[1];
    int32_t l_44 = (-5L);
    union U0 l_52 = {-1L};
    int i;
    for (i = 0; i < 1; i++)
        l_17[i] = (-1L);
    for (p_15 = 0; (p_15 <= 0); p_15 += 1)
    { /* block id: 9 */
        uint8_t *l_38 = &g_39;
        int16_t *l_42 = &g_43;
        int i;
        if (l_17[p_15])
            break;
        if ((safe_rshift_func_uint16_t_u_s((safe_div_func_uint8_t_u_u(g_16[5].f0, (safe_lshift_func_int16_t_s_u((safe_add_func_int8_t_s_s((safe_mod_func_int64_t_s_s(((safe_mod_func_uint16_t_u_u(g_3[2], 0xC422L)) == ((((safe_sub_func_int16_t_s_s((l_44 = ((((safe_add_func_uint8_t_u_u((((*l_42) = ((safe_mod_func_int16_t_s_s(((safe_mul_func_uint8_t_u_u(((*l_38)++), 0x01L)) < p_15), l_17[0])) && (-5L))) <= l_17[p_15]), l_17[p_15])) || 0xECB2L) >= 0xF0D4L) < g_3[5])), g_3[1])) || 0x57L) >= p_15) >= 0x24B1L)), 0x1067DCC3592E7BAALL)), p_15)), p_13)))), g_3[2])))
        { /* block id: 14 */
            const uint8_t * const l_46[6] = {(void*)0,(void*)0,(void*)0,(void*)0,(void*)0,(void*)0};
            const uint8_t * const *l_45 = &l_46[4];
            const uint8_t * const **l_47 = &l_45;
            int i;
            (*g_48) = ((*l_47) = l_45);
        }
        else
        { /* block id: 17 */
            return g_51;
        }
    }
    return l_52;
}




/* ---------------------------------------- */
int main (int argc, char* argv[])
{
    int i;
    int print_hash_value = 0;
    if (argc == 2 && strcmp(argv[1], "1") == 0) print_hash_value = 1;
    platform_main_begin();
    crc32_gentab();
    func_1();
    for (i = 0; i < 6; i++)
    {
        transparent_crc(g_3[i], "g_3[i]", print_hash_value);
        if (print_hash_value) printf("index = [%d]\n", i);

    }
    for (i = 0; i < 6; i++)
    {
        transparent_crc(g_16[i].f0, "g_16[i].f0", print_hash_value);
        transparent_crc(g_16[i].f2, "g_16[i].f2", print_hash_value);
        transparent_crc(g_16[i].f3, "g_16[i].f3", print_hash_value);
        transparent_crc(g_16[i].f4, "g_16[i].f4", print_hash_value);
        if (print_hash_value) printf("index = [%d]\n", i);

    }
    transparent_crc(g_39, "g_39", print_hash_value);
    transparent_crc(g_43, "g_43", print_hash_value);
    transparent_crc(g_51.f0, "g_51.f0", print_hash_value);
    for (i = 0; i < 2; i++)
    {
        transparent_crc(g_60[i], "g_60[i]", print_hash_value);
        if (print_hash_value) printf("index = [%d]\n", i);

    }
    for (i = 0; i < 4; i++)
    {
        transparent_crc(g_61[i], "g_61[i]", print_hash_value);
        if (print_hash_value) printf("index = [%d]\n", i);

    }
    platform_main_end(crc32_context ^ 0xFFFFFFFFUL, print_hash_value);
    return 0;
}

/************************ statistics *************************
XXX max struct depth: 0
breakdown:
   depth: 0, occurrence: 25
XXX total union variables: 3

XXX non-zero bitfields defined in structs: 1
XXX zero bitfields defined in structs: 0
XXX const bitfields defined in structs: 0
XXX volatile bitfields defined in structs: 0
XXX structs with bitfields in the program: 3
breakdown:
   indirect level: 0, occurrence: 2
   indirect level: 1, occurrence: 1
XXX full-bitfields structs in the program: 0
breakdown:
XXX times a bitfields struct's address is taken: 2
XXX times a bitfields struct on LHS: 0
XXX times a bitfields struct on RHS: 2
XXX times a single bitfield on LHS: 0
XXX times a single bitfield on RHS: 1

XXX max expression depth: 24
breakdown:
   depth: 1, occurrence: 34
   depth: 2, occurrence: 11
   depth: 3, occurrence: 1
   depth: 5, occurrence: 1
   depth: 11, occurrence: 1
   depth: 16, occurrence: 1
   depth: 24, occurrence: 1

XXX total number of pointers: 38

XXX times a variable address is taken: 42
XXX times a pointer is dereferenced on RHS: 6
breakdown:
   depth: 1, occurrence: 3
   depth: 2, occurrence: 2
   depth: 3, occurrence: 1
XXX times a pointer is dereferenced on LHS: 20
breakdown:
   depth: 1, occurrence: 19
   depth: 2, occurrence: 1
XXX times a pointer is compared with null: 0
XXX times a pointer is compared with address of another variable: 1
XXX times a pointer is compared with another pointer: 0
XXX times a pointer is qualified to be dereferenced: 291

XXX max dereference level: 3
breakdown:
   level: 0, occurrence: 0
   level: 1, occurrence: 58
   level: 2, occurrence: 4
   level: 3, occurrence: 1
XXX number of pointers point to pointers: 16
XXX number of pointers point to scalars: 20
XXX number of pointers point to structs: 0
XXX percent of pointers has null in alias set: 18.4
XXX average alias set size: 1.26

XXX times a non-volatile is read: 68
XXX times a non-volatile is write: 52
XXX times a volatile is read: 6
XXX    times read thru a pointer: 0
XXX times a volatile is write: 4
XXX    times written thru a pointer: 0
XXX times a volatile is available for access: 40
XXX percentage of non-volatile access: 92.3

XXX forward jumps: 0
XXX backward jumps: 0

XXX stmts: 35
XXX max block depth: 3
breakdown:
   depth: 0, occurrence: 6
   depth: 1, occurrence: 6
   depth: 2, occurrence: 10
   depth: 3, occurrence: 13

XXX percentage a fresh-made variable is used: 22.1
XXX percentage an existing variable is used: 77.9
FYI: the random generator makes assumptions about the integer size. See platform.info for more details.
********************* end of statistics **********************/

