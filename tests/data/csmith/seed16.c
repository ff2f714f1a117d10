/*
 * This is a RANDOMLY GENERATED PROGRAM.
 *
 * Generator: csmith 2.3.0
 * Git version: 30dccd7
 * Options:   --seed 16 --max-funcs 3 --max-block-depth 3 --max-expr-complexity 6 --max-array-dim 2 --output seed16.c
 * Seed:      16
 */

#include "csmith.h"


static long __undefined;

/* --- Struct/Union Declarations --- */
#pragma pack(push)
#pragma pack(1)
struct S0 {
   uint8_t  f0;
   int32_t  f1;
   int8_t  f2;
};
#pragma pack(pop)

union U1 {
   int8_t * f0;
   const volatile int32_t  f1;
   int64_t  f2;
};

/* --- GLOBAL VARIABLES --- */
static volatile int16_t g_5 = 0x65E0L;/* VOLATILE GLOBAL g_5 */
static int16_t g_17 = 0xB0B4L;
static int32_t g_22 = 0x928D9BA5L;
static int8_t g_33 = 0xABL;
static int16_t g_35[7][5] = {{0xEA3AL,0xEA3AL,0xEA3AL,0xEA3AL,0xEA3AL},{0xBC5FL,0xBC5FL,0xBC5FL,0xBC5FL,0xBC5FL},{0xEA3AL,0xEA3AL,0xEA3AL,0xEA3AL,0xEA3AL},{0xBC5FL,0xBC5FL,0xBC5FL,0xBC5FL,0xBC5FL},{0xEA3AL,0xEA3AL,0xEA3AL,0xEA3AL,0xEA3AL},{0xBC5FL,0xBC5FL,0xBC5FL,0xBC5FL,0xBC5FL},{0xEA3AL,0xEA3AL,0xEA3AL,0xEA3AL,0xEA3AL}};
static uint16_t g_65[4][3] = {{0x06D6L,0x4A9FL,0x06D6L},{0x5144L,0x5144L,0x5144L},{0x06D6L,0x4A9FL,0x06D6L},{0x5144L,0x5144L,0x5144L}};
static int8_t g_71[4] = {0x89L,0x89L,0x89L,0x89L};
static struct S0 g_84 = {1UL,0L,0xD5L};
static uint16_t *g_103 = &g_65[3][0];
static uint16_t g_107 = 0x3748L;
static volatile int32_t g_119 = (-1L);/* VOLATILE GLOBAL g_119 */
static volatile int32_t * volatile g_118 = &g_119;/* VOLATILE GLOBAL g_118 */
static volatile int32_t * volatile *g_117 = &g_118;
static union U1 g_132 = {0};/* VOLATILE GLOBAL g_132 */
static volatile union U1 g_134 = {0};/* VOLATILE GLOBAL g_134 */
static volatile union U1 *g_133 = &g_134;
static volatile int8_t g_155[2][7] = {{8L,8L,8L,8L,8L,8L,8L},{8L,8L,8L,8L,8L,8L,8L}};
static volatile int8_t *g_154 = &g_155[1][6];
static uint64_t g_156 = 4UL;
static uint32_t g_169 = 0x42B0CC67L;
static struct S0 **g_173 = (void*)0;
static struct S0 ** volatile *g_172 = &g_173;
static int16_t *g_186 = (void*)0;
static int16_t ** const  volatile g_185 = &g_186;/* VOLATILE GLOBAL g_185 */
static struct S0 * volatile g_200 = &g_84;/* VOLATILE GLOBAL g_200 */
static volatile uint8_t g_212 = 0xA4L;/* VOLATILE GLOBAL g_212 */
static int32_t *g_228 = &g_22;
static int32_t ** volatile g_227[4] = {&g_228,&g_228,&g_228,&g_228};
static int8_t *g_239[9] = {&g_71[1],&g_33,&g_71[1],&g_33,&g_71[1],&g_33,&g_71[1],&g_33,&g_71[1]};
static union U1 g_248 = {0};/* VOLATILE GLOBAL g_248 */
static int32_t ** volatile g_259 = &g_228;/* VOLATILE GLOBAL g_259 */
static union U1 g_310[9] = {{0},{0},{0},{0},{0},{0},{0},{0},{0}};
static int32_t ** const  volatile g_313 = &g_228;/* VOLATILE GLOBAL g_313 */
static int32_t ** const  volatile g_317 = &g_228;/* VOLATILE GLOBAL g_317 */
static uint8_t g_323[5][4] = {{0x1EL,0x20L,0x20L,0x1EL},{0x3FL,0x20L,1UL,0x20L},{0x20L,1UL,1UL,1UL},{0x3FL,0x3FL,0x20L,1UL},{0x1EL,1UL,0x1EL,0x20L}};
static int8_t g_348 = 0x93L;
static int16_t g_353 = 0x1B07L;
static uint32_t g_363[4][4] = {{18446744073709551615UL,18446744073709551608UL,18446744073709551615UL,18446744073709551608UL},{18446744073709551615UL,18446744073709551608UL,18446744073709551615UL,18446744073709551608UL},{18446744073709551615UL,18446744073709551608UL,18446744073709551615UL,18446744073709551608UL},{18446744073709551615UL,18446744073709551608UL,18446744073709551615UL,18446744073709551608UL}};
static uint64_t g_370 = 0xFAEB5FE0EA1205C9LL;
static int64_t g_383 = 1L;
static const int32_t *g_387 = &g_22;
static const int32_t **g_386 = &g_387;
static const int32_t ***g_385 = &g_386;
static const int32_t ****g_384 = &g_385;
static uint32_t * volatile *g_394 = (void*)0;
static uint32_t * volatile ** volatile g_395[2][3] = {{&g_394,&g_394,&g_394},{&g_394,&g_394,&g_394}};
static int8_t g_430[9][6] = {{2L,0xE3L,0L,1L,1L,0L},{2L,2L,1L,(-7L),0xD6L,(-7L)},{0xE3L,2L,0xE3L,0L,1L,1L},{1L,0xE3L,0xE3L,1L,2L,(-7L)},{(-7L),1L,1L,1L,(-7L),0L},{1L,(-7L),0L,0L,(-7L),1L},{0xE3L,1L,2L,(-7L),2L,1L},{2L,0xE3L,0L,1L,1L,0L},{2L,2L,1L,(-7L),0xD6L,(-7L)}};
static int32_t g_470 = 0x0BCA8124L;
static volatile uint64_t g_546 = 1UL;/* VOLATILE GLOBAL g_546 */
static volatile union U1 ** volatile g_587[3][1] = {{&g_133},{&g_133},{&g_133}};
static volatile union U1 ** volatile * volatile g_586 = &g_587[2][0];/* VOLATILE GLOBAL g_586 */
static uint64_t *g_651 = &g_370;
static uint32_t g_682 = 1UL;


/* --- FORWARD DECLARATIONS --- */
static int32_t  func_1(void);
static int8_t * func_6(int8_t * p_7, uint16_t  p_8, int64_t  p_9, int16_t  p_10, uint32_t  p_11);
static int8_t * func_18(int16_t * p_19);


/* --- FUNCTIONS --- */
/* ------------------------------------------ */
/* 
 * reads : g_5 g_17 g_22 g_33 g_35 g_65 g_84.f0 g_84.f1 g_117 g_84.f2 g_107 g_154 g_156 g_155 g_169 g_172 g_228 g_118 g_119 g_200 g_84 g_470 g_386 g_387 g_385 g_384 g_317 g_546 g_430 g_313 g_259 g_586 g_71 g_323 g_348 g_651 g_682
 * writes: g_17 g_22 g_35 g_33 g_65 g_71 g_103 g_107 g_84 g_133 g_119 g_156 g_470 g_387 g_118 g_348 g_228 g_383 g_651 g_310.f2 g_682
 */
static int32_t  func_1(void)
{ /* block id: 0 */
    int32_t l_14[5];
    int16_t *l_16 = &g_17;
    int8_t *l_153 = &g_33;
    int8_t **l_152 = &l_153;
    struct S0 l_197 = {0UL,2L,6L};
    int16_t l_198 = 0x5FA6L;
    int32_t l_199[7][6] = {{1L,0L,1L,4L,(-1L),0L},{(-7L),4L,0x0BF3EC7EL,(-4L),0xA8138454L,0xA8138454L},{(-4L),0xA8138454L,0xA8138454L,(-4L),0x0BF3EC7EL,4L},{(-7L),0L,(-1L),4L,1L,0L},{1L,0x0BF3EC7EL,0L,0x0BF3EC7EL,1L,0x7174225EL},{0L,0L,(-1L),9L,0x0BF3EC7EL,(-1L)},{(-1L),0xA8138454L,0L,0L,0xA8138454L,(-1L)}};
    uint32_t l_222 = 0UL;
    int32_t l_223[6][5] = {{0x49551247L,0x19B726C3L,0x19B726C3L,0x49551247L,0x49551247L},{(-7L),3L,(-7L),3L,(-7L)},{0x49551247L,0x49551247L,0x19B726C3L,0x19B726C3L,0x49551247L},{0x41F251F0L,3L,0x41F251F0L,3L,0x41F251F0L},{0x49551247L,0x19B726C3L,0x19B726C3L,0x49551247L,0x49551247L},{(-7L),3L,(-7L),3L,(-7L)}};
    union U1 *l_246 = &g_132;
    struct S0 *l_298 = &g_84;
    uint32_t l_450 = 0UL;
    const struct S0 *l_484 = &g_84;
    const struct S0 **l_483 = &l_484;
    const struct S0 *** const l_482 = &l_483;
    const struct S0 *** const *l_481 = &l_482;
    uint16_t l_499[7][6] = {{0x7968L,65535UL,0x7968L,0xEC22L,0xEC22L,0x7968L},{0xEE49L,0xEE49L,0xEC22L,0xF7F2L,0xEC22L,0xEE49L},{0xEC22L,65535UL,0xF7F2L,0xF7F2L,65535UL,0xEC22L},{0xEE49L,0xEC22L,0xF7F2L,0xEC22L,0xEE49L,0xEE49L},{0x7968L,0xEC22L,0xEC22L,0x7968L,65535UL,0x7968L},{0x7968L,65535UL,0x7968L,0xEC22L,0xEC22L,0x7968L},{0xEE49L,0xEE49L,0xEC22L,0xF7F2L,0xEC22L,0xEE49L}};
    uint32_t l_504 = 1UL;
    int16_t ***l_535 = (void*)0;
    int16_t * const *l_545 = &g_186;
    int32_t l_547 = 0x0B55C7C4L;
    int32_t l_595 = 0x6719E3A8L;
    struct S0 l_605 = {0x3EL,0x6BC76771L,0L};
    int i, j;
    for (i = 0; i < 5; i++)
        l_14[i] = (-1L);
    if ((!((safe_add_func_int64_t_s_s(g_5, (((*l_152) = func_6(((safe_rshift_func_uint16_t_u_s(l_14[1], ((*l_16) = (l_14[0] >= (+1L))))) , func_18(&g_17)), g_33, l_14[1], l_14[0], g_33)) != g_154))) <= g_156)))
    { /* block id: 91 */
        const struct S0 ***l_171 = (void*)0;
        const struct S0 ****l_170 = &l_171;
        int32_t *l_174 = &g_22;
        (*l_174) ^= (((*l_170) = (((safe_lshift_func_uint16_t_u_s((safe_sub_func_uint32_t_u_u((safe_sub_func_int64_t_s_s(9L, g_155[0][4])), (l_14[1] && (safe_mul_func_uint8_t_u_u((safe_add_func_uint8_t_u_u(((safe_sub_func_uint16_t_u_u((g_107 < g_169), l_14[1])) && 0x9661A18340555863LL), 0x3EL)), 0x79L))))), g_35[2][0])) != 9L) , (void*)0)) != g_172);
    }
    else
    { /* block id: 94 */
        int16_t **l_183 = &l_16;
        int16_t ***l_184 = (void*)0;
        uint16_t *l_187 = &g_65[3][2];
        int32_t l_188[7][2] = {{6L,0xD097A5E0L},{0x489E7F0AL,0x20B4DDF1L},{0x20B4DDF1L,0x489E7F0AL},{0xD097A5E0L,6L},{0xD097A5E0L,0x489E7F0AL},{0x20B4DDF1L,0x20B4DDF1L},{0x489E7F0AL,0xD097A5E0L}};
        int32_t l_193 = 0xED63EAABL;
        uint8_t l_216 = 247UL;
        int32_t *l_230 = &l_193;
        const uint16_t l_237 = 1UL;
        union U1 *l_247 = &g_248;
        int32_t l_251 = 0x164ED751L;
        int i, j;
    }
    for (g_33 = 0; (g_33 != (-22)); --g_33)
    { /* block id: 133 */
        int16_t l_270 = 0x1E0EL;
        uint32_t l_279 = 0xD9BD75CEL;
        int32_t l_285 = (-1L);
        int32_t l_294[3][2] = {{0x249F298BL,(-1L)},{0x249F298BL,0x249F298BL},{(-1L),0x249F298BL}};
        uint32_t l_295 = 0xB579935AL;
        int i, j;
        if ((safe_sub_func_int32_t_s_s(0xD552EA11L, (l_199[3][5] , (safe_div_func_uint32_t_u_u(4294967295UL, g_65[2][1]))))))
        { /* block id: 134 */
            int8_t *l_274[4];
            int32_t l_275 = (-1L);
            int32_t l_278 = (-7L);
            struct S0 l_280 = {0x5AL,0x8FE637BBL,1L};
            int i;
            for (i = 0; i < 4; i++)
                l_274[i] = (void*)0;
            (**g_117) &= (l_199[3][5] = (safe_mul_func_int16_t_s_s(((safe_lshift_func_int16_t_s_s(l_270, 10)) < (-1L)), ((safe_mod_func_uint16_t_u_u((((safe_unary_minus_func_int8_t_s((l_275 = (g_156 && g_65[0][1])))) <= (((*g_228) = ((safe_add_func_uint8_t_u_u(g_156, l_278)) > l_279)) && 0x52192DADL)) <= l_279), l_278)) , 0xF572L))));
            (*g_118) &= ((*g_228) &= l_279);
            l_280 = (*g_200);
        }
        else
        { /* block id: 142 */
            int32_t *l_281 = &l_199[3][5];
            int32_t *l_282 = (void*)0;
            int32_t *l_283 = &l_223[0][4];
            int32_t *l_284 = (void*)0;
            int32_t *l_286 = (void*)0;
            int32_t *l_287 = &l_199[1][0];
            int32_t *l_288 = &l_199[1][4];
            int32_t *l_289 = &l_223[0][4];
            int32_t *l_290 = &l_223[0][4];
            int32_t *l_291 = &l_285;
            int32_t *l_292 = &l_223[0][4];
            int32_t *l_293[5] = {(void*)0,(void*)0,(void*)0,(void*)0,(void*)0};
            int i;
            --l_295;
        }
        l_298 = &l_197;
    }
lbl_539:
    for (g_156 = 0; (g_156 <= 38); g_156 = safe_add_func_uint32_t_u_u(g_156, 7))
    { /* block id: 149 */
        union U1 *l_309 = &g_310[0];
        uint16_t l_311 = 65533UL;
        int32_t l_322[5];
        int16_t l_339 = 0xD486L;
        int32_t **l_356 = &g_228;
        int32_t ***l_355 = &l_356;
        uint64_t l_366 = 18446744073709551613UL;
        int16_t l_392[10][2] = {{0xCD48L,1L},{9L,1L},{9L,1L},{0xCD48L,0xCD48L},{1L,9L},{1L,9L},{1L,0xCD48L},{0xCD48L,1L},{9L,1L},{9L,1L}};
        uint32_t l_426 = 5UL;
        union U1 **l_442 = (void*)0;
        union U1 ***l_441 = &l_442;
        uint8_t l_443 = 0x1DL;
        struct S0 ***l_449[3];
        struct S0 ****l_448 = &l_449[2];
        int i, j;
        for (i = 0; i < 5; i++)
            l_322[i] = 1L;
        for (i = 0; i < 3; i++)
            l_449[i] = &g_173;
    }
    if ((((*l_298) , (*g_200)) , ((0x01L < l_197.f1) == ((safe_rshift_func_int16_t_s_s(1L, 3)) | l_14[1]))))
    { /* block id: 215 */
        int16_t l_467 = 5L;
        int32_t l_472 = 4L;
        int32_t l_474[2][5] = {{0x845FD41AL,4L,0x845FD41AL,0x845FD41AL,4L},{4L,0x845FD41AL,0x845FD41AL,4L,0x845FD41AL}};
        struct S0 ***l_479 = &g_173;
        struct S0 ****l_478[3][7] = {{&l_479,(void*)0,&l_479,&l_479,&l_479,&l_479,(void*)0},{&l_479,&l_479,&l_479,&l_479,(void*)0,(void*)0,&l_479},{&l_479,(void*)0,&l_479,(void*)0,(void*)0,&l_479,&l_479}};
        uint16_t *l_496 = &g_65[3][2];
        int i, j;
        for (l_198 = 29; (l_198 == (-3)); l_198 = safe_sub_func_int16_t_s_s(l_198, 5))
        { /* block id: 218 */
            union U1 *l_459 = &g_310[0];
            int32_t l_466 = 2L;
            struct S0 *****l_480 = &l_478[1][5];
            uint16_t *l_497 = &g_107;
            uint32_t *l_498 = &l_222;
            uint64_t *l_500 = &g_156;
            for (g_107 = 0; (g_107 <= 5); g_107 += 1)
            { /* block id: 221 */
                uint64_t *l_462 = &g_156;
                uint32_t l_465 = 18446744073709551615UL;
                int32_t *l_468 = &l_223[1][1];
                int32_t *l_469 = &g_470;
                int32_t *l_471 = (void*)0;
                int32_t *l_473[2][6] = {{&l_199[3][5],&l_199[3][5],(void*)0,&l_199[3][5],&l_199[3][5],&l_199[3][5]},{&l_466,&l_199[3][5],&l_199[3][5],&l_466,(void*)0,&l_466}};
                uint16_t l_475[5][7] = {{0xF12AL,0x0A1DL,0xF12AL,1UL,1UL,0xF12AL,0x0A1DL},{0x4D52L,0xE078L,1UL,1UL,0xE078L,0x4D52L,0xE078L},{0xF12AL,1UL,1UL,0xF12AL,0x0A1DL,0xF12AL,1UL},{0x84DBL,0x84DBL,0x4D52L,1UL,0x4D52L,0x84DBL,0x84DBL},{0x1229L,1UL,0x988AL,1UL,0x1229L,0x1229L,1UL}};
                int i, j;
                (*l_469) &= ((*l_468) ^= ((0x642CE6C2L < ((safe_sub_func_int8_t_s_s(((safe_lshift_func_int16_t_s_s(((*l_16) = (((((((7L < ((l_459 != (void*)0) < (safe_div_func_uint32_t_u_u((((++(*l_462)) | 0x0DAA9E50422A72A6LL) < l_199[g_107][g_107]), l_465)))) | l_466) != g_22) , &g_156) != (void*)0) & l_466) && g_155[0][2])), l_14[1])) >= l_467), 255UL)) & l_465)) , l_197.f2));
                --l_475[0][2];
            }
            (**g_117) |= ((((*l_480) = l_478[1][5]) == l_481) || ((safe_div_func_uint32_t_u_u((l_472 != (safe_rshift_func_uint8_t_u_u((((+(-1L)) ^ 0xA7L) | 65530UL), 0))), (*g_228))) | l_223[0][4]));
            if ((safe_add_func_uint16_t_u_u((safe_add_func_uint64_t_u_u(l_197.f0, ((*l_500) = (((*l_498) = (((safe_div_func_uint32_t_u_u(0x3A6868F3L, l_199[3][5])) , (l_496 != l_497)) >= l_466)) >= l_499[4][4])))), l_466)))
            { /* block id: 232 */
                struct S0 *l_501 = (void*)0;
                (*g_228) = ((void*)0 == l_501);
                (**g_117) = (**g_386);
                (***g_384) = (**g_385);
            }
            else
            { /* block id: 236 */
                (***l_481) = &g_84;
                (*g_228) = 0x0C308889L;
            }
        }
    }
    else
    { /* block id: 241 */
        uint8_t l_505 = 0xDCL;
        int32_t l_518 = 0x0E1D867EL;
        int8_t l_523 = 0L;
        int32_t l_524[10][5] = {{0x0061209BL,8L,8L,0x0061209BL,8L},{0x22D62352L,0x3844ACF8L,0xF61D4E59L,0xD2C5EDC7L,0x0061209BL},{0x3FE5A805L,0xD2C5EDC7L,6L,0x6B654F81L,0x2376B98DL},{0x2AF414E0L,(-10L),0L,0xD2C5EDC7L,(-7L)},{(-1L),8L,0xCF32BF1DL,0x661F5DA5L,0xCF32BF1DL},{0L,0L,0xCF32BF1DL,0x22D62352L,(-10L)},{0L,0x6B654F81L,0L,0x3FE5A805L,0x661F5DA5L},{0x3844ACF8L,0x6E4EA9B5L,6L,0x2AF414E0L,0L},{8L,0x6B654F81L,0xF61D4E59L,(-1L),6L},{8L,0L,0x2AF414E0L,0L,8L}};
        uint32_t l_530 = 0xA8053555L;
        union U1 **l_589 = (void*)0;
        union U1 ***l_588 = &l_589;
        int16_t l_593 = 0L;
        uint32_t l_608 = 0x05E4FA29L;
        uint32_t *l_611 = &l_222;
        struct S0 l_612[4][2] = {{{0xE7L,0xDBE2B603L,6L},{0x1FL,0x74EB5B2FL,-9L}},{{0xE7L,0xDBE2B603L,6L},{0x1FL,0x74EB5B2FL,-9L}},{{0xE7L,0xDBE2B603L,6L},{0x1FL,0x74EB5B2FL,-9L}},{{0xE7L,0xDBE2B603L,6L},{0x1FL,0x74EB5B2FL,-9L}}};
        int16_t l_648 = 6L;
        uint32_t l_666 = 18446744073709551615UL;
        int32_t l_678 = 0xC91A7002L;
        int i, j;
        if (((safe_mul_func_int16_t_s_s(l_198, l_504)) != (l_499[4][4] >= (l_505 || l_505))))
        { /* block id: 242 */
            uint32_t l_525[5][4] = {{18446744073709551608UL,0xFBFDBF61L,18446744073709551608UL,0xFBFDBF61L},{18446744073709551608UL,0xFBFDBF61L,18446744073709551608UL,0xFBFDBF61L},{18446744073709551608UL,0xFBFDBF61L,18446744073709551608UL,0xFBFDBF61L},{18446744073709551608UL,0xFBFDBF61L,18446744073709551608UL,0xFBFDBF61L},{18446744073709551608UL,0xFBFDBF61L,18446744073709551608UL,0xFBFDBF61L}};
            int32_t l_528 = 0xC250FD66L;
            int32_t l_529 = 0xF462AB24L;
            int16_t **l_534 = &g_186;
            int16_t ***l_533 = &l_534;
            int i, j;
            if ((**g_317))
            { /* block id: 243 */
                int32_t *l_506 = &g_22;
                int32_t *l_507 = &l_199[3][5];
                int32_t *l_508 = &l_199[4][4];
                int32_t *l_509 = (void*)0;
                int32_t *l_510 = &l_223[3][4];
                int32_t *l_511 = &l_223[5][0];
                int32_t *l_512 = &l_199[5][0];
                int32_t *l_513 = (void*)0;
                int32_t *l_514 = &g_22;
                int32_t *l_515 = &g_470;
                int32_t *l_516 = &g_470;
                int32_t *l_517 = &l_199[6][2];
                int32_t *l_519 = (void*)0;
                int32_t *l_520 = &l_223[2][3];
                int32_t *l_521 = &l_199[4][1];
                int32_t *l_522[1][2];
                int16_t ****l_536 = &l_535;
                int i, j;
                for (i = 0; i < 1; i++)
                {
                    for (j = 0; j < 2; j++)
                        l_522[i][j] = &g_22;
                }
                --l_525[3][0];
                l_530--;
                (*l_506) = (l_533 != ((*l_536) = l_535));
                (*g_117) = (*g_117);
            }
            else
            { /* block id: 249 */
                uint64_t *l_542 = &g_370;
                int32_t *l_548 = (void*)0;
                int32_t *l_549 = &l_518;
                (**g_117) = ((*g_228) = (safe_lshift_func_int8_t_s_u(l_450, 4)));
                if (g_84.f1)
                    goto lbl_539;
                (*l_549) |= (((safe_rshift_func_uint16_t_u_s(((((((void*)0 != l_542) == (safe_lshift_func_int16_t_s_s((0xC0FCL >= ((void*)0 != l_545)), 12))) > g_546) ^ (****g_384)) ^ g_430[3][2]), l_199[1][1])) >= l_547) , (**g_313));
            }
            (**g_385) = (*g_259);
        }
        else
        { /* block id: 256 */
            struct S0 * const *l_561[9] = {&l_298,&l_298,&l_298,&l_298,&l_298,&l_298,&l_298,&l_298,&l_298};
            struct S0 * const **l_560 = &l_561[1];
            int32_t l_577 = 1L;
            int32_t l_591 = (-1L);
            int32_t l_592[3][2] = {{0xDDEC077EL,0xDDEC077EL},{0xDDEC077EL,0xDDEC077EL},{0xDDEC077EL,0xDDEC077EL}};
            int32_t **l_602 = (void*)0;
            int32_t **l_603 = &g_228;
            int32_t *l_604 = &l_518;
            int i, j;
            if ((****g_384))
            { /* block id: 257 */
                int64_t l_552 = 0x604EF3593B1CDB37LL;
                uint16_t *l_553[7][6] = {{(void*)0,&g_65[1][1],&l_499[5][3],&l_499[3][3],&g_65[1][1],&l_499[3][3]},{(void*)0,&g_107,(void*)0,&l_499[3][3],&g_107,&l_499[5][3]},{(void*)0,&g_107,&l_499[3][3],&l_499[3][3],&g_107,(void*)0},{(void*)0,&g_65[1][1],&l_499[5][3],&l_499[3][3],&g_65[1][1],&l_499[3][3]},{(void*)0,&g_107,(void*)0,&l_499[3][3],&g_107,&l_499[5][3]},{(void*)0,&g_107,&l_499[3][3],&l_499[3][3],&g_107,(void*)0},{(void*)0,&g_65[1][1],&l_499[5][3],&l_499[3][3],&g_65[1][1],&l_499[3][3]}};
                struct S0 ** const *l_554 = (void*)0;
                struct S0 ** const **l_555 = &l_554;
                struct S0 *l_559 = &l_197;
                struct S0 ** const l_558 = &l_559;
                struct S0 ** const *l_557 = &l_558;
                struct S0 ** const **l_556 = &l_557;
                volatile union U1 **l_562 = &g_133;
                int32_t *l_590[6][2] = {{&l_547,&l_547},{&l_547,&l_547},{&l_547,&l_547},{&l_547,&l_547},{&l_547,&l_547},{&l_547,&l_547}};
                int32_t l_594 = 8L;
                uint32_t l_596 = 4294967288UL;
                int i, j;
                (*l_562) = (((((((*l_556) = ((*l_555) = (((safe_mul_func_uint16_t_u_u(0xC868L, (l_552 , (l_547 ^= ((&g_348 == ((*l_152) = &g_348)) != l_505))))) | (-1L)) , l_554))) != l_560) > l_223[2][0]) == l_552) , (**g_259)) , &g_134);
                (*g_228) |= ((safe_mul_func_int16_t_s_s((safe_mul_func_int8_t_s_s((safe_mul_func_int8_t_s_s((safe_div_func_uint32_t_u_u(((safe_rshift_func_int8_t_s_s(((**l_152) = ((safe_mul_func_int8_t_s_s((safe_rshift_func_int16_t_s_u(l_577, 4)), (0x20L < l_577))) & l_518)), (safe_add_func_uint32_t_u_u((safe_sub_func_int32_t_s_s((safe_mul_func_int8_t_s_s((((*l_16) |= ((safe_mul_func_uint8_t_u_u((g_586 != l_588), 6UL)) || 0x4FA4L)) , l_505), (-1L))), l_518)), g_84.f2)))) | l_552), 1L)), (-1L))), g_71[1])), 8L)) != 0x35F3F7A3L);
                --l_596;
            }
            else
            { /* block id: 267 */
                struct S0 l_599 = {255UL,0x911948A0L,0x2CL};
                int16_t ** const  volatile *l_601 = &g_185;
                int16_t ** const  volatile **l_600 = &l_601;
                l_599 = (*l_484);
                (*l_600) = &g_185;
            }
            (*g_386) = (l_604 = ((*l_603) = (*g_313)));
            return (*g_387);
        }
        l_605 = (***l_482);
        if (((safe_lshift_func_uint8_t_u_s(l_608, 7)) >= ((safe_add_func_uint32_t_u_u(((*l_611) &= ((g_323[0][0] , (l_198 > 0x54F4BB6D4EFFE755LL)) > l_199[3][5])), l_608)) || l_523)))
        { /* block id: 278 */
            int32_t l_628 = 0xAE2D0759L;
            struct S0 *** const l_632 = &g_173;
            struct S0 *** const *l_631 = &l_632;
            (*l_298) = l_612[1][1];
            l_223[0][4] &= l_608;
            for (g_348 = 0; (g_348 <= 1); g_348 += 1)
            { /* block id: 283 */
                int64_t *l_616 = &g_383;
                int32_t l_627 = 0x16420FF1L;
                uint16_t *l_629 = &l_499[4][4];
                int32_t *l_630 = &l_524[7][3];
                if ((**g_259))
                    break;
                l_524[7][3] = ((!0xED4BD7CBL) & ((safe_add_func_int16_t_s_s(0x611CL, ((((*l_616) = 6L) <= ((safe_div_func_int8_t_s_s((((safe_rshift_func_uint16_t_u_u(((*l_629) = (safe_unary_minus_func_int8_t_s((((+(safe_lshift_func_int8_t_s_s(((**l_152) = (249UL >= ((((safe_mul_func_int8_t_s_s((((l_627 <= l_499[3][3]) || l_627) , 2L), l_628)) || l_198) , 4294967295UL) == l_628))), (*g_154)))) , (****l_481)) , l_499[4][4])))), 0)) || l_518) > l_628), 0xB2L)) ^ 0xF073DC0F22350376LL)) >= l_199[2][4]))) , g_84.f2));
                (*g_386) = (*g_313);
                (*l_630) ^= ((((void*)0 == &g_65[3][1]) & ((*g_228) = ((*g_200) , l_627))) != l_199[3][5]);
            }
            (**g_117) |= ((void*)0 == l_631);
        }
        else
        { /* block id: 294 */
            int32_t *l_658 = &g_470;
            int32_t l_659 = 0xA6E6F956L;
            int32_t *l_660[10] = {&l_199[2][2],&l_199[3][5],&l_199[2][2],&l_199[2][2],&l_199[3][5],&l_199[2][2],&l_199[2][2],&l_199[3][5],&l_199[2][2],&l_199[2][2]};
            uint64_t l_661 = 18446744073709551610UL;
            int i;
            for (l_504 = 0; (l_504 <= 3); l_504 += 1)
            { /* block id: 297 */
                int64_t *l_652 = &g_310[0].f2;
                const int32_t l_653 = 0L;
                uint64_t *l_654[9] = {&g_156,&g_156,&g_156,&g_156,&g_156,&g_156,&g_156,&g_156,&g_156};
                int i;
                (*g_228) ^= (safe_sub_func_int8_t_s_s((safe_add_func_int64_t_s_s((g_71[l_504] || (safe_mul_func_int16_t_s_s(0x439AL, (((safe_rshift_func_uint16_t_u_u(0xA09CL, 12)) < ((safe_mul_func_uint8_t_u_u((safe_sub_func_uint64_t_u_u((g_156 = (safe_add_func_int32_t_s_s(((safe_unary_minus_func_int16_t_s(l_648)) != ((*l_652) = (safe_add_func_uint16_t_u_u(((((g_651 = &g_156) != (void*)0) && 0x2FL) > g_84.f0), 0x4683L)))), l_653))), l_499[6][5])), 0xE4L)) , (*g_651))) ^ 0L)))), 2UL)), 0x43L));
            }
            (**g_117) = ((+(((((*l_16) = 0xD68CL) || 0xA4F7L) > (safe_sub_func_int32_t_s_s((l_14[1] , ((*l_658) = ((*g_228) = (((**l_152) = 0L) ^ 0L)))), l_659))) > l_547)) || (*l_658));
            ++l_661;
        }
        if ((0x81L != (*g_154)))
        { /* block id: 310 */
            uint16_t l_664 = 0x0DD4L;
            for (l_505 = 0; (l_505 <= 1); l_505 += 1)
            { /* block id: 313 */
                (*g_228) |= l_664;
                (**g_117) &= (g_84.f2 & l_664);
                (**g_385) = &l_518;
            }
        }
        else
        { /* block id: 318 */
            struct S0 l_665[3][9] = {{{0x30L,0x308098EDL,0xEBL},{0UL,0x0AB0D68FL,0L},{0xB4L,-1L,7L},{0x94L,0xD46E0F80L,0L},{0x90L,0x1223F387L,0x73L},{0xA0L,-9L,1L},{0xA0L,-9L,1L},{0x90L,0x1223F387L,0x73L},{0x94L,0xD46E0F80L,0L}},{{0x30L,0x308098EDL,0xEBL},{255UL,0L,1L},{0x30L,0x308098EDL,0xEBL},{0xA0L,-9L,1L},{0UL,-5L,0xC9L},{0xB4L,-1L,7L},{0xCBL,-1L,0L},{0xCBL,-1L,0L},{0xB4L,-1L,7L}},{{0xB4L,-1L,7L},{0UL,0x0AB0D68FL,0L},{0x30L,0x308098EDL,0xEBL},{0UL,0x0AB0D68FL,0L},{0xB4L,-1L,7L},{0x94L,0xD46E0F80L,0L},{0x90L,0x1223F387L,0x73L},{0xA0L,-9L,1L},{0xA0L,-9L,1L}}};
            int32_t l_676 = (-3L);
            int32_t l_681[5][10] = {{0x43D702D7L,0x1F5770ECL,0x1F5770ECL,0x36659E66L,0x36659E66L,0x1F5770ECL,2L,0x36659E66L,0x43D702D7L,2L},{0x36659E66L,0x173FEBBCL,0xB5470859L,2L,0x173FEBBCL,0x173FEBBCL,2L,0xB5470859L,0x173FEBBCL,0x36659E66L},{0x173FEBBCL,2L,0xB5470859L,0x173FEBBCL,0x36659E66L,0xB5470859L,0xB5470859L,0x36659E66L,0x173FEBBCL,0xB5470859L},{0x36659E66L,0x36659E66L,0x1F5770ECL,2L,0x36659E66L,0x43D702D7L,2L,2L,0x43D702D7L,0x36659E66L},{0x36659E66L,0xB5470859L,0xB5470859L,0x36659E66L,0x173FEBBCL,0xB5470859L,2L,0x173FEBBCL,0x173FEBBCL,2L}};
            int i, j;
            l_666 = (l_665[1][0] , l_605.f1);
            for (l_593 = 25; (l_593 < 3); l_593 = safe_sub_func_uint64_t_u_u(l_593, 4))
            { /* block id: 322 */
                int8_t l_669 = 0x55L;
                int32_t *l_670 = &l_223[5][4];
                int32_t *l_671 = &l_199[3][5];
                int32_t *l_672 = &l_518;
                int32_t *l_673 = &g_22;
                int32_t *l_674 = &g_22;
                int32_t *l_675 = &l_524[7][1];
                int32_t *l_677 = (void*)0;
                int32_t *l_679 = &l_518;
                int32_t *l_680[9][6] = {{(void*)0,(void*)0,(void*)0,&g_22,&l_199[1][0],&l_518},{&l_518,&g_22,(void*)0,&l_199[0][1],&l_524[7][3],(void*)0},{&l_223[1][2],&l_518,(void*)0,&l_547,(void*)0,&l_518},{&l_223[0][4],&l_547,(void*)0,&l_524[2][1],&l_223[2][3],&g_22},{&l_524[2][1],&l_223[2][3],&g_22,(void*)0,&l_524[4][2],&l_199[3][5]},{(void*)0,&l_223[2][3],&l_199[1][0],&l_199[1][0],&l_223[2][3],(void*)0},{&l_223[2][3],&l_547,&l_518,&g_22,(void*)0,&l_199[0][1]},{&l_199[1][0],&l_518,&l_524[4][2],&l_223[1][2],&l_524[7][3],&l_547},{&l_199[1][0],&g_22,&l_223[1][2],&g_22,&l_199[1][0],(void*)0}};
                int i, j;
                g_682++;
            }
        }
    }
    return (**g_313);
}


/* ------------------------------------------ */
/* 
 * reads : g_22 g_35 g_17 g_33 g_65 g_84.f0 g_84.f1 g_117 g_84.f2 g_107
 * writes: g_22 g_35 g_17 g_33 g_65 g_71 g_103 g_107 g_84 g_133
 */
static int8_t * func_6(int8_t * p_7, uint16_t  p_8, int64_t  p_9, int16_t  p_10, uint32_t  p_11)
{ /* block id: 12 */
    int32_t *l_34 = &g_22;
    int16_t * const l_63 = &g_35[2][4];
    int16_t * const *l_62 = &l_63;
    int32_t l_75 = 0L;
    uint64_t l_79 = 1UL;
    struct S0 *l_85 = (void*)0;
    uint64_t l_96 = 0UL;
    int8_t *l_115 = &g_33;
    uint32_t l_116 = 0x0324A0BDL;
lbl_148:
    (*l_34) |= (&g_22 == (void*)0);
    for (p_8 = 0; p_8 < 7; p_8 += 1)
    {
        for (p_9 = 0; p_9 < 5; p_9 += 1)
        {
            g_35[p_8][p_9] = (-1L);
        }
    }
    (*l_34) ^= p_11;
    for (g_17 = (-19); (g_17 == 13); ++g_17)
    { /* block id: 18 */
        int16_t l_72 = 6L;
        int32_t l_73 = 1L;
        int32_t l_74 = 0x9FA4EE4BL;
        uint16_t *l_120 = (void*)0;
        uint16_t *l_121 = &g_65[3][2];
        struct S0 **l_144 = &l_85;
        (*l_34) = 0x1AFEC1E1L;
        for (g_22 = (-9); (g_22 != (-17)); g_22--)
        { /* block id: 22 */
            uint8_t l_52 = 0x76L;
            int16_t * const *l_64 = &l_63;
            int16_t * const **l_80 = &l_62;
            int8_t l_104 = 0x7FL;
            int32_t **l_110 = &l_34;
            for (p_10 = (-26); (p_10 < 27); p_10++)
            { /* block id: 25 */
                return &g_33;
            }
            for (g_33 = 0; (g_33 == 16); ++g_33)
            { /* block id: 30 */
                int16_t *l_49 = (void*)0;
                int16_t **l_48 = &l_49;
                int32_t *l_51[2][8];
                int8_t *l_70 = &g_71[1];
                uint16_t *l_78 = &g_65[3][2];
                int i, j;
                for (i = 0; i < 2; i++)
                {
                    for (j = 0; j < 8; j++)
                        l_51[i][j] = (void*)0;
                }
                l_52 ^= (safe_add_func_uint16_t_u_u((safe_add_func_uint32_t_u_u(g_35[5][1], ((-1L) & (((*l_48) = &g_35[0][2]) == &p_10)))), (((+(*l_34)) , 0x3FL) ^ (-7L))));
                l_74 ^= (safe_sub_func_uint64_t_u_u((((l_72 = ((*l_70) = (safe_add_func_uint8_t_u_u((((((((safe_div_func_uint16_t_u_u((g_17 < (!(g_65[3][2] = (l_62 == l_64)))), (safe_div_func_uint8_t_u_u((safe_rshift_func_uint8_t_u_s((l_34 == (l_52 , l_51[0][5])), 7)), g_22)))) <= l_52) < p_10) , (*l_34)) <= 0x62L) , p_10) >= 0xB35EL), g_17)))) > l_73) != p_9), g_33));
                l_75 = l_52;
                l_75 |= ((safe_rshift_func_int16_t_s_s(((((*l_78) |= l_73) != ((((*l_70) = g_17) , (0x94L > 1L)) | 0x3C69BB0CEA4F543ALL)) == 0x16E5D1C1BBB80EAELL), l_72)) <= l_79);
            }
            (*l_80) = l_64;
            for (p_9 = 0; (p_9 <= (-21)); p_9 = safe_sub_func_int32_t_s_s(p_9, 3))
            { /* block id: 45 */
                struct S0 *l_83 = &g_84;
                uint16_t *l_105 = &g_65[1][1];
                uint16_t *l_106 = &g_107;
                int32_t **l_109 = &l_34;
                int32_t ***l_108[8][1];
                int i, j;
                for (i = 0; i < 8; i++)
                {
                    for (j = 0; j < 1; j++)
                        l_108[i][j] = &l_109;
                }
                l_85 = l_83;
                l_110 = ((safe_add_func_int8_t_s_s(((*p_7) = (g_33 >= (safe_mul_func_uint16_t_u_u((safe_mul_func_uint16_t_u_u((safe_lshift_func_int16_t_s_s(5L, 7)), ((*l_106) = ((*l_105) = (safe_sub_func_uint16_t_u_u(l_96, ((((safe_mod_func_int32_t_s_s((safe_sub_func_uint64_t_u_u((safe_mod_func_int32_t_s_s(((&g_65[0][0] == (g_103 = (void*)0)) & l_104), g_84.f0)), l_73)), (*l_34))) & 0x120B1A55L) && g_84.f1) < 0UL))))))), g_33)))), g_22)) , &l_34);
            }
        }
        if (((safe_add_func_int64_t_s_s((((((*l_121) = ((((l_115 != &g_33) && ((l_116 == ((void*)0 != g_117)) , p_9)) <= 0UL) , p_11)) >= g_84.f2) | 0x52L) >= 0x20E7L), (*l_34))) & p_9))
        { /* block id: 55 */
            uint32_t l_124[6][6] = {{0x3948B2FDL,0x63C109E6L,0x1473401CL,0x1473401CL,0x63C109E6L,0x3948B2FDL},{18446744073709551615UL,0x3948B2FDL,0x1473401CL,0x3948B2FDL,18446744073709551615UL,18446744073709551615UL},{5UL,0x3948B2FDL,0x3948B2FDL,5UL,0x63C109E6L,5UL},{5UL,0x63C109E6L,5UL,0x3948B2FDL,0x3948B2FDL,5UL},{18446744073709551615UL,18446744073709551615UL,0x3948B2FDL,0x1473401CL,0x3948B2FDL,18446744073709551615UL},{0x3948B2FDL,0x63C109E6L,0x1473401CL,0x1473401CL,0x63C109E6L,0x3948B2FDL}};
            struct S0 l_128 = {0xB0L,3L,-4L};
            int i, j;
            for (l_96 = (-7); (l_96 != 38); l_96 = safe_add_func_uint8_t_u_u(l_96, 1))
            { /* block id: 58 */
                struct S0 *l_129 = &g_84;
                (*l_34) &= (g_35[6][3] | p_8);
                l_124[3][5]++;
                (*l_129) = ((safe_unary_minus_func_int64_t_s(g_22)) , l_128);
            }
        }
        else
        { /* block id: 63 */
            uint32_t l_139 = 18446744073709551608UL;
            struct S0 l_149 = {0xD7L,-1L,0x2AL};
            int32_t *l_151 = &l_73;
            for (g_84.f0 = 0; (g_84.f0 <= 2); g_84.f0 += 1)
            { /* block id: 66 */
                union U1 *l_131 = &g_132;
                union U1 **l_130[5];
                int32_t l_138 = 0x16355718L;
                int i;
                for (i = 0; i < 5; i++)
                    l_130[i] = &l_131;
                g_133 = (void*)0;
                (*l_34) ^= (((*l_115) = (0L == 7L)) != (!(g_35[6][0] = (safe_div_func_uint32_t_u_u((((g_107 ^ (18446744073709551612UL <= (5L <= p_8))) , p_11) < 0x5E97L), 0x419DFFB9L)))));
                ++l_139;
            }
            for (l_79 = 0; (l_79 >= 22); l_79 = safe_add_func_uint32_t_u_u(l_79, 1))
            { /* block id: 75 */
                struct S0 ***l_145 = &l_144;
                (*l_145) = l_144;
            }
            (*l_34) |= g_33;
            for (l_75 = 0; (l_75 == 6); ++l_75)
            { /* block id: 81 */
                struct S0 *l_150 = &g_84;
                if (p_8)
                    goto lbl_148;
                (*l_150) = (l_149 = l_149);
                l_151 = &g_22;
            }
        }
    }
    return &g_33;
}


/* ------------------------------------------ */
/* 
 * reads : g_17 g_22
 * writes: g_17 g_22
 */
static int8_t * func_18(int16_t * p_19)
{ /* block id: 2 */
    int64_t l_20[5] = {5L,5L,5L,5L,5L};
    int32_t *l_21 = &g_22;
    int32_t *l_23 = (void*)0;
    int32_t *l_24 = (void*)0;
    int32_t *l_25 = &g_22;
    int32_t l_26[1][4] = {{1L,1L,1L,1L}};
    int32_t *l_27 = &l_26[0][1];
    int32_t *l_28[3][5];
    uint32_t l_29 = 0x8EAF6082L;
    int8_t *l_32 = &g_33;
    int i, j;
    for (i = 0; i < 3; i++)
    {
        for (j = 0; j < 5; j++)
            l_28[i][j] = (void*)0;
    }
    for (g_17 = 4; (g_17 >= 0); g_17 -= 1)
    { /* block id: 5 */
        int i;
        if (l_20[g_17])
            break;
    }
    (*l_21) ^= g_17;
    (*l_21) = (*l_21);
    ++l_29;
    return l_32;
}




/* ---------------------------------------- */
int main (int argc, char* argv[])
{
    int i, j;
    int print_hash_value = 0;
    if (argc == 2 && strcmp(argv[1], "1") == 0) print_hash_value = 1;
    platform_main_begin();
    crc32_gentab();
    func_1();
    transparent_crc(g_5, "g_5", print_hash_value);
    transparent_crc(g_17, "g_17", print_hash_value);
    transparent_crc(g_22, "g_22", print_hash_value);
    transparent_crc(g_33, "g_33", print_hash_value);
    for (i = 0; i < 7; i++)
    {
        for (j = 0; j < 5; j++)
        {
            transparent_crc(g_35[i][j], "g_35[i][j]", print_hash_value);
            if (print_hash_value) printf("index = [%d][%d]\n", i, j);

        }
    }
    for (i = 0; i < 4; i++)
    {
        for (j = 0; j < 3; j++)
        {
            transparent_crc(g_65[i][j], "g_65[i][j]", print_hash_value);
            if (print_hash_value) printf("index = [%d][%d]\n", i, j);

        }
    }
    for (i = 0; i < 4; i++)
    {
        transparent_crc(g_71[i], "g_71[i]", print_hash_value);
        if (print_hash_value) printf("index = [%d]\n", i);

    }
    transparent_crc(g_84.f0, "g_84.f0", print_hash_value);
    transparent_crc(g_84.f1, "g_84.f1", print_hash_value);
    transparent_crc(g_84.f2, "g_84.f2", print_hash_value);
    transparent_crc(g_107, "g_107", print_hash_value);
    transparent_crc(g_119, "g_119", print_hash_value);
    for (i = 0; i < 2; i++)
    {
        for (j = 0; j < 7; j++)
        {
            transparent_crc(g_155[i][j], "g_155[i][j]", print_hash_value);
            if (print_hash_value) printf("index = [%d][%d]\n", i, j);

        }
    }
    transparent_crc(g_156, "g_156", print_hash_value);
    transparent_crc(g_169, "g_169", print_hash_value);
    transparent_crc(g_212, "g_212", print_hash_value);
    for (i = 0; i < 5; i++)
    {
        for (j = 0; j < 4; j++)
        {
            transparent_crc(g_323[i][j], "g_323[i][j]", print_hash_value);
            if (print_hash_value) printf("index = [%d][%d]\n", i, j);

        }
    }
    transparent_crc(g_348, "g_348", print_hash_value);
    transparent_crc(g_353, "g_353", print_hash_value);
    for (i = 0; i < 4; i++)
    {
        for (j = 0; j < 4; j++)
        {
            transparent_crc(g_363[i][j], "g_363[i][j]", print_hash_value);
            if (print_hash_value) printf("index = [%d][%d]\n", i, j);

        }
    }
    transparent_crc(g_370, "g_370", print_hash_value);
    transparent_crc(g_383, "g_383", print_hash_value);
    for (i = 0; i < 9; i++)
    {
        for (j = 0; j < 6; j++)
        {
            transparent_crc(g_430[i][j], "g_430[i][j]", print_hash_value);
            if (print_hash_value) printf("index = [%d][%d]\n", i, j);

        }
    }
    transparent_crc(g_470, "g_470", print_hash_value);
    transparent_crc(g_546, "g_546", print_hash_value);
    transparent_crc(g_682, "g_682", print_hash_value);
    platform_main_end(crc32_context ^ 0xFFFFFFFFUL, print_hash_value);
    return 0;
}

/************************ statistics *************************
XXX max struct depth: 1
breakdown:
   depth: 0, occurrence: 154
   depth: 1, occurrence: 12
XXX total union variables: 0

XXX non-zero bitfields defined in structs: 0
XXX zero bitfields defined in structs: 0
XXX const bitfields defined in structs: 0
XXX volatile bitfields defined in structs: 0
XXX structs with bitfields in the program: 0
breakdown:
XXX full-bitfields structs in the program: 0
breakdown:
XXX times a bitfields struct's address is taken: 0
XXX times a bitfields struct on LHS: 0
XXX times a bitfields struct on RHS: 0
XXX times a single bitfield on LHS: 0
XXX times a single bitfield on RHS: 0

XXX max expression depth: 25
breakdown:
   depth: 1, occurrence: 114
   depth: 2, occurrence: 28
   depth: 3, occurrence: 3
   depth: 4, occurrence: 1
   depth: 5, occurrence: 1
   depth: 6, occurrence: 1
   depth: 7, occurrence: 1
   depth: 8, occurrence: 1
   depth: 9, occurrence: 1
   depth: 10, occurrence: 3
   depth: 11, occurrence: 1
   depth: 12, occurrence: 2
   depth: 14, occurrence: 2
   depth: 15, occurrence: 2
   depth: 16, occurrence: 1
   depth: 20, occurrence: 2
   depth: 21, occurrence: 2
   depth: 22, occurrence: 1
   depth: 25, occurrence: 1

XXX total number of pointers: 210

XXX times a variable address is taken: 278
XXX times a pointer is dereferenced on RHS: 62
breakdown:
   depth: 1, occurrence: 36
   depth: 2, occurrence: 14
   depth: 3, occurrence: 3
   depth: 4, occurrence: 9
XXX times a pointer is dereferenced on LHS: 119
breakdown:
   depth: 1, occurrence: 94
   depth: 2, occurrence: 20
   depth: 3, occurrence: 4
   depth: 4, occurrence: 1
XXX times a pointer is compared with null: 14
XXX times a pointer is compared with address of another variable: 1
XXX times a pointer is compared with another pointer: 3
XXX times a pointer is qualified to be dereferenced: 1839

XXX max dereference level: 4
breakdown:
   level: 0, occurrence: 0
   level: 1, occurrence: 322
   level: 2, occurrence: 76
   level: 3, occurrence: 23
   level: 4, occurrence: 13
XXX number of pointers point to pointers: 75
XXX number of pointers point to scalars: 119
XXX number of pointers point to structs: 10
XXX percent of pointers has null in alias set: 24.8
XXX average alias set size: 1.23

XXX times a non-volatile is read: 468
XXX times a non-volatile is write: 306
XXX times a volatile is read: 37
XXX    times read thru a pointer: 14
XXX times a volatile is write: 39
XXX    times written thru a pointer: 31
XXX times a volatile is available for access: 403
XXX percentage of non-volatile access: 91.1

XXX forward jumps: 1
XXX backward jumps: 5

XXX stmts: 103
XXX max block depth: 3
breakdown:
   depth: 0, occurrence: 15
   depth: 1, occurrence: 12
   depth: 2, occurrence: 31
   depth: 3, occurrence: 45

XXX percentage a fresh-made variable is used: 19.5
XXX percentage an existing variable is used: 80.5
********************* end of statistics **********************/

