/*
 * This is a RANDOMLY GENERATED PROGRAM.
 *
 * Generator: csmith 2.3.0
 * Git version: 30dccd7
 * Options:   --seed 15 --max-funcs 3 --max-block-depth 3 --max-expr-complexity 6 --max-array-dim 2 --output seed15.c
 * Seed:      15
 */

#include "csmith.h"


static long __undefined;

/* --- Struct/Union Declarations --- */
union U0 {
   uint16_t  f0;
   volatile int8_t * const  volatile  f1;
   unsigned f2 : 22;
   int64_t  f3;
   volatile int16_t  f4;
};

union U1 {
   volatile unsigned f0 : 4;
   volatile uint64_t  f1;
   const uint32_t  f2;
   const uint32_t  f3;
};

union U2 {
   volatile int8_t * const  volatile  f0;
   int64_t  f1;
   volatile int32_t  f2;
   uint8_t  f3;
};

/* --- GLOBAL VARIABLES --- */
static uint16_t g_8 = 0xCFAFL;
static int16_t g_10 = 0xF996L;
static union U0 g_21 = {0x9D8DL};/* VOLATILE GLOBAL g_21 */
static union U2 g_22 = {0};/* VOLATILE GLOBAL g_22 */
static int8_t g_24 = 0L;
static int8_t *g_23 = &g_24;
static int32_t g_26 = 8L;
static union U0 g_28[8][7] = {{{0UL},{0xBFAEL},{0UL},{0UL},{0xBFAEL},{0UL},{0UL}},{{0xBFAEL},{0xBFAEL},{65535UL},{0xBFAEL},{0xBFAEL},{65535UL},{0xBFAEL}},{{0xBFAEL},{0UL},{0UL},{0xBFAEL},{0UL},{0UL},{0xBFAEL}},{{0UL},{0xBFAEL},{0UL},{0UL},{0xBFAEL},{0UL},{0UL}},{{0xBFAEL},{0xBFAEL},{65535UL},{0xBFAEL},{0xBFAEL},{65535UL},{0xBFAEL}},{{0xBFAEL},{0UL},{0UL},{0xBFAEL},{0UL},{0UL},{0xBFAEL}},{{0UL},{0xBFAEL},{0UL},{0UL},{0UL},{65535UL},{65535UL}},{{0UL},{0UL},{0xBFAEL},{0UL},{0UL},{0xBFAEL},{0UL}}};
static volatile union U0 g_33 = {0x8A28L};/* VOLATILE GLOBAL g_33 */
static int32_t *g_35 = &g_26;
static int32_t ** volatile g_34[9] = {&g_35,&g_35,&g_35,&g_35,&g_35,&g_35,&g_35,&g_35,&g_35};
static int32_t ** volatile g_36 = &g_35;/* VOLATILE GLOBAL g_36 */
static int32_t ** volatile g_55 = (void*)0;/* VOLATILE GLOBAL g_55 */
static int32_t g_57 = 0L;
static union U1 g_60 = {0UL};/* VOLATILE GLOBAL g_60 */
static union U1 * volatile g_59 = &g_60;/* VOLATILE GLOBAL g_59 */
static int32_t ** volatile g_65 = &g_35;/* VOLATILE GLOBAL g_65 */
static volatile uint32_t g_76 = 0xD994868BL;/* VOLATILE GLOBAL g_76 */
static int8_t g_81 = 0xA5L;
static uint32_t g_90[9][2] = {{4UL,0xDAA6E977L},{4UL,0xDAA6E977L},{4UL,0xDAA6E977L},{4UL,0xDAA6E977L},{4UL,0xDAA6E977L},{4UL,0xDAA6E977L},{4UL,0xDAA6E977L},{4UL,0xDAA6E977L},{4UL,0xDAA6E977L}};
static const int16_t g_132 = 0xA2FEL;
static volatile int32_t g_152 = 0xE894D084L;/* VOLATILE GLOBAL g_152 */
static int32_t g_153 = 8L;
static union U0 g_159 = {0x6F15L};/* VOLATILE GLOBAL g_159 */
static int16_t *g_161 = &g_10;
static int16_t ** const  volatile g_160[10] = {(void*)0,&g_161,(void*)0,&g_161,(void*)0,&g_161,(void*)0,&g_161,(void*)0,&g_161};
static union U2 g_165 = {0};/* VOLATILE GLOBAL g_165 */
static const union U1 *g_167[8][4] = {{&g_60,&g_60,&g_60,&g_60},{&g_60,&g_60,(void*)0,(void*)0},{(void*)0,(void*)0,&g_60,(void*)0},{&g_60,(void*)0,(void*)0,(void*)0},{(void*)0,&g_60,&g_60,&g_60},{&g_60,&g_60,&g_60,&g_60},{&g_60,(void*)0,&g_60,(void*)0},{(void*)0,&g_60,(void*)0,&g_60}};
static const union U1 **g_166 = &g_167[5][2];
static uint64_t g_172 = 9UL;
static volatile union U0 g_177 = {0UL};/* VOLATILE GLOBAL g_177 */
static uint32_t *g_214[1] = {&g_90[1][1]};
static uint32_t **g_213 = &g_214[0];
static uint32_t *** volatile g_212[5][5] = {{&g_213,&g_213,&g_213,&g_213,&g_213},{&g_213,&g_213,&g_213,&g_213,&g_213},{&g_213,&g_213,&g_213,&g_213,&g_213},{&g_213,&g_213,&g_213,&g_213,&g_213},{&g_213,&g_213,&g_213,&g_213,&g_213}};
static int32_t ** volatile g_223 = &g_35;/* VOLATILE GLOBAL g_223 */
static int32_t * volatile g_231 = &g_57;/* VOLATILE GLOBAL g_231 */
static union U1 g_232 = {4294967295UL};/* VOLATILE GLOBAL g_232 */
static int16_t *g_247 = &g_10;
static int16_t * const *** volatile g_259 = (void*)0;/* VOLATILE GLOBAL g_259 */
static int16_t * const *g_262 = &g_247;
static int16_t * const **g_261[6] = {&g_262,&g_262,(void*)0,&g_262,&g_262,(void*)0};
static int16_t * const *** volatile g_260 = &g_261[2];/* VOLATILE GLOBAL g_260 */
static int32_t * volatile g_285 = &g_26;/* VOLATILE GLOBAL g_285 */
static union U2 *g_316[7][6] = {{&g_165,&g_22,&g_165,&g_22,&g_22,&g_165},{&g_165,&g_165,&g_22,&g_165,&g_165,&g_165},{&g_22,&g_165,&g_22,&g_165,&g_22,&g_22},{&g_22,&g_22,&g_22,&g_22,&g_165,&g_165},{&g_165,&g_22,&g_22,&g_22,&g_165,&g_165},{&g_22,&g_165,&g_165,&g_165,&g_165,&g_22},{&g_22,&g_22,&g_165,&g_165,&g_165,&g_22}};
static union U2 **g_315 = &g_316[0][2];
static uint32_t ***g_318 = &g_213;
static int32_t *g_345 = &g_57;
static int32_t * volatile g_379 = &g_26;/* VOLATILE GLOBAL g_379 */
static int32_t * volatile g_390[9][8] = {{&g_57,&g_57,&g_57,&g_57,&g_57,&g_57,&g_57,&g_57},{&g_57,&g_57,&g_57,&g_57,&g_26,&g_57,&g_57,&g_57},{&g_57,&g_26,&g_57,&g_57,&g_26,&g_57,&g_26,&g_57},{&g_57,&g_26,&g_57,&g_57,&g_57,&g_57,&g_26,&g_57},{&g_57,&g_57,&g_57,&g_57,&g_57,&g_57,&g_57,&g_26},{&g_57,&g_57,&g_57,&g_26,&g_57,&g_57,&g_57,&g_57},{&g_57,&g_57,&g_57,&g_57,&g_57,&g_57,&g_57,&g_57},{&g_57,&g_57,&g_26,&g_26,&g_57,&g_57,&g_57,&g_26},{&g_57,&g_57,&g_57,&g_57,&g_57,&g_57,&g_57,&g_57}};
static volatile int64_t g_398 = 0L;/* VOLATILE GLOBAL g_398 */
static volatile int64_t * volatile g_397 = &g_398;/* VOLATILE GLOBAL g_397 */
static int64_t g_400 = 9L;
static uint8_t g_402[10][7] = {{0xC2L,0UL,0UL,0x64L,248UL,0xC2L,0x8EL},{0UL,0x41L,254UL,0x64L,0UL,0UL,0xCDL},{2UL,0x41L,0UL,0UL,0x41L,2UL,0xCDL},{0UL,0UL,0x64L,254UL,0x41L,0UL,0x8EL},{0xC2L,248UL,0x64L,0UL,0UL,0xC2L,0x3EL},{0xC2L,0UL,0UL,0x64L,248UL,0xC2L,0x8EL},{0UL,0x41L,254UL,0x64L,0UL,0UL,0xCDL},{2UL,0x41L,0UL,0UL,0x41L,2UL,0xCDL},{0UL,0UL,0x64L,254UL,0x41L,0UL,0x8EL},{0xC2L,248UL,0x64L,0UL,0UL,0xC2L,0x3EL}};
static int32_t * volatile g_407 = &g_26;/* VOLATILE GLOBAL g_407 */


/* --- FORWARD DECLARATIONS --- */
static int16_t  func_1(void);
static int16_t  func_2(int16_t  p_3, int16_t  p_4, uint16_t  p_5, int8_t * p_6, uint32_t  p_7);
static int16_t  func_11(const int8_t  p_12, const uint16_t  p_13, int8_t * p_14, int8_t * p_15);


/* --- FUNCTIONS --- */
/* ------------------------------------------ */
/* 
 * reads :
 * writes:
 */
static int16_t  func_1(void)
{ /* block id: 0 */
    int16_t *l_9 = &g_10;
    int32_t l_20[8][1] = {{0x0F219A6FL},{0x03CA955AL},{0x0F219A6FL},{0x03CA955AL},{0x0F219A6FL},{0x03CA955AL},{0x0F219A6FL},{0x03CA955AL}};
    int8_t *l_80 = &g_81;
    uint32_t **l_281 = &g_214[0];
    const int32_t l_282[5][2] = {{0L,0xF9FDC281L},{0L,0xF9FDC281L},{0L,0xF9FDC281L},{0L,0xF9FDC281L},{0L,0xF9FDC281L}};
    int32_t l_301 = 2L;
    int8_t l_325 = (-5L);
    int32_t l_346 = 0x8EB16087L;
    uint32_t l_365 = 0xF71ACF30L;
    uint16_t l_406 = 0UL;
    int i, j;
    return l_406;
}


/* ------------------------------------------ */
/* 
 * reads : g_24 g_90 g_28.f4 g_35 g_26 g_57 g_10 g_81 g_21.f0 g_33.f0 g_21.f3 g_159 g_160 g_165 g_166 g_161 g_132 g_177 g_8 g_153 g_33 g_223
 * writes: g_90 g_21.f3 g_10 g_26 g_57 g_21.f0 g_81 g_166 g_172 g_35
 */
static int16_t  func_2(int16_t  p_3, int16_t  p_4, uint16_t  p_5, int8_t * p_6, uint32_t  p_7)
{ /* block id: 39 */
    uint32_t l_100 = 0x50235B34L;
    union U1 * const l_103 = (void*)0;
    int32_t l_111 = 0L;
    int32_t l_112 = 5L;
    int32_t l_113[10][5] = {{(-1L),(-1L),(-2L),0x604A327EL,(-2L)},{(-2L),(-2L),0x47586045L,0L,0x47586045L},{(-1L),(-1L),(-2L),0x604A327EL,(-2L)},{(-2L),(-2L),0x47586045L,0L,0x47586045L},{(-1L),(-1L),(-2L),0x604A327EL,(-2L)},{(-2L),(-2L),0x47586045L,0L,0x47586045L},{(-1L),(-1L),(-2L),0x604A327EL,(-2L)},{(-2L),(-2L),0x47586045L,0L,0x47586045L},{(-1L),(-1L),(-2L),0x604A327EL,(-2L)},{(-2L),(-2L),0x47586045L,0L,0x47586045L}};
    int32_t l_142 = (-1L);
    int16_t **l_162[5];
    int16_t l_185 = (-5L);
    uint64_t l_188 = 0xFB18FC98EEF7C797LL;
    uint32_t *l_189[3];
    int32_t l_201 = 0xE7E91F81L;
    int64_t l_202 = 0L;
    int i, j;
    for (i = 0; i < 5; i++)
        l_162[i] = (void*)0;
    for (i = 0; i < 3; i++)
        l_189[i] = (void*)0;
    for (p_7 = 0; (p_7 <= 8); p_7 += 1)
    { /* block id: 42 */
        uint32_t *l_89 = &g_90[1][1];
        int64_t *l_97[2];
        int16_t *l_98 = (void*)0;
        int16_t *l_99 = &g_10;
        int32_t l_106 = 0xDE7B4C6BL;
        int32_t l_114[1][7] = {{0x76915C51L,0x76915C51L,0x76915C51L,0x76915C51L,0x76915C51L,0x76915C51L,0x76915C51L}};
        uint32_t l_115 = 2UL;
        const int16_t *l_131 = &g_132;
        uint32_t l_143 = 4294967294UL;
        int64_t l_150[6] = {0x22EE4FF998B97763LL,0x22EE4FF998B97763LL,0x22EE4FF998B97763LL,0x22EE4FF998B97763LL,0x22EE4FF998B97763LL,0x22EE4FF998B97763LL};
        union U1 *l_182 = &g_60;
        int i, j;
        for (i = 0; i < 2; i++)
            l_97[i] = &g_28[5][4].f3;
        if (((*g_35) |= ((safe_add_func_int32_t_s_s(((g_24 , ((*l_99) = (+(safe_sub_func_int64_t_s_s((g_21.f3 = (safe_mod_func_uint32_t_u_u(((*l_89) ^= p_5), (safe_div_func_uint32_t_u_u(((void*)0 != &g_10), (safe_div_func_int64_t_s_s((safe_lshift_func_int16_t_s_s(p_7, g_28[5][4].f4)), p_4))))))), p_5))))) | 0xAF65L), p_3)) >= l_100)))
        { /* block id: 47 */
            union U1 *l_105 = &g_60;
            union U1 **l_104 = &l_105;
            int32_t l_110[1];
            uint16_t *l_119 = &g_21.f0;
            int i;
            for (i = 0; i < 1; i++)
                l_110[i] = 0x6BE7A02FL;
            for (g_57 = 0; (g_57 <= 8); g_57 += 1)
            { /* block id: 50 */
                union U2 *l_102 = &g_22;
                union U2 **l_101 = &l_102;
                (*l_101) = &g_22;
            }
            (*l_104) = l_103;
            for (g_10 = 0; (g_10 <= 1); g_10 += 1)
            { /* block id: 56 */
                int32_t *l_107 = &g_26;
                int32_t *l_108 = &g_26;
                int32_t *l_109[9][1] = {{&g_26},{&g_57},{&g_26},{&g_57},{&g_26},{&g_57},{&g_26},{&g_57},{&g_26}};
                int i, j;
                l_115--;
                (*l_104) = &g_60;
                if (p_5)
                    break;
                return p_5;
            }
            (*g_35) = (!(((-1L) > p_3) & ((*l_119) &= g_81)));
        }
        else
        { /* block id: 64 */
            const int16_t *l_128 = (void*)0;
            const int16_t **l_129 = (void*)0;
            const int16_t **l_130[4] = {&l_128,&l_128,&l_128,&l_128};
            int32_t l_139 = 0xB3C15363L;
            int32_t l_146 = 1L;
            int32_t l_147 = 0x15256D7EL;
            int32_t l_148 = 0x3BB4DD17L;
            int32_t l_149[6];
            uint16_t l_154[10] = {0x5B5AL,0x81ABL,0x5B5AL,0x5B5AL,0x81ABL,0x5B5AL,0x5B5AL,0x81ABL,0x5B5AL,0x5B5AL};
            const uint8_t l_181 = 0xDDL;
            union U1 **l_183 = &l_182;
            uint16_t *l_184 = &g_21.f0;
            int i;
            for (i = 0; i < 6; i++)
                l_149[i] = (-2L);
            if (((safe_add_func_int16_t_s_s((safe_lshift_func_uint8_t_u_s(g_57, (safe_div_func_uint32_t_u_u((l_139 = ((safe_lshift_func_uint8_t_u_s(((l_131 = l_128) != &p_4), (safe_lshift_func_uint8_t_u_u(((safe_add_func_int64_t_s_s(g_26, (safe_sub_func_uint16_t_u_u((((*p_6) ^= 0xEAL) == p_4), p_4)))) < g_33.f0), g_26)))) | l_100)), g_21.f3)))), g_21.f0)) & l_106))
            { /* block id: 68 */
                int32_t *l_140 = &l_111;
                int32_t *l_141[3][1];
                int8_t l_151 = (-1L);
                int i, j;
                for (i = 0; i < 3; i++)
                {
                    for (j = 0; j < 1; j++)
                        l_141[i][j] = &l_113[0][0];
                }
                l_143++;
                if ((*l_140))
                    continue;
                l_154[4]++;
                (*l_140) = (safe_sub_func_uint16_t_u_u(p_5, ((g_159 , g_160[4]) != l_162[3])));
            }
            else
            { /* block id: 73 */
                const union U1 ***l_168 = &g_166;
                uint64_t *l_171 = &g_172;
                (*g_35) &= ((((safe_add_func_uint64_t_u_u(0x3F3D901C86657033LL, (g_165 , (((*l_171) = (((*g_161) = (&g_59 != ((*l_168) = g_166))) != (safe_div_func_uint64_t_u_u(0x95880F0426A3448ALL, l_154[4])))) , 0L)))) ^ g_132) != (-4L)) < p_7);
                return l_154[3];
            }
            l_149[0] |= ((safe_mul_func_uint8_t_u_u(((safe_lshift_func_uint16_t_u_s((((g_177 , (((safe_mod_func_uint16_t_u_u((((*l_184) = (!((l_181 > l_112) < (((*l_183) = l_182) == (void*)0)))) >= p_7), g_8)) , &g_172) == (void*)0)) & (*p_6)) & 0L), (*g_161))) || 0x350F1077L), l_148)) > g_8);
            return p_3;
        }
    }
    (*g_35) &= (l_185 || (safe_sub_func_uint32_t_u_u((g_90[3][0] = (((0x1F714449L <= (l_188 = ((((*p_6) ^= 0x3AL) >= 0x34L) & 5L))) , 0x4CL) ^ 0UL)), p_3)));
    (*g_35) &= l_111;
    if (l_112)
    { /* block id: 91 */
        uint32_t l_192 = 4294967295UL;
        int32_t l_199 = 0x2A7C4BBBL;
        int32_t l_200[6][8] = {{0x7898A189L,0x1A622EBDL,0L,0xA176321CL,0xA176321CL,0L,0x1A622EBDL,0x7898A189L},{0L,0xA176321CL,0x5CF45E54L,1L,0xA176321CL,1L,0x5CF45E54L,0xA176321CL},{0x7898A189L,0x5CF45E54L,0L,0x7898A189L,1L,1L,0x7898A189L,0L},{0xA176321CL,0xA176321CL,0L,0x1A622EBDL,0x7898A189L,0L,0x7898A189L,0x1A622EBDL},{0L,0x1A622EBDL,0L,1L,0x1A622EBDL,0x5CF45E54L,0x5CF45E54L,0x1A622EBDL},{0x1A622EBDL,0x5CF45E54L,0x5CF45E54L,0x1A622EBDL,1L,0L,0x1A622EBDL,0L}};
        uint32_t l_204 = 1UL;
        uint32_t **l_216 = &g_214[0];
        int i, j;
        (*g_35) ^= (l_111 , (safe_mod_func_int64_t_s_s((3L | l_192), g_153)));
        for (g_81 = 0; (g_81 == (-14)); --g_81)
        { /* block id: 95 */
            int32_t *l_195 = &l_112;
            int32_t *l_196 = (void*)0;
            int32_t l_197 = 0xC53EA8ACL;
            int32_t *l_198[7][5] = {{&l_113[2][0],&l_197,&l_142,&l_197,&l_113[2][0]},{&l_111,(void*)0,&l_142,&l_197,(void*)0},{&l_142,&l_111,&l_113[5][1],(void*)0,&l_113[7][3]},{&l_142,&l_142,(void*)0,(void*)0,(void*)0},{(void*)0,(void*)0,&l_112,&l_113[5][1],&l_113[2][0]},{(void*)0,&g_57,&l_113[2][0],&l_113[5][1],&l_197},{&l_142,(void*)0,&l_113[7][3],&l_197,&l_197}};
            int8_t l_203 = 0x65L;
            uint32_t **l_211 = &l_189[1];
            int i, j;
            l_204++;
            for (p_3 = (-12); (p_3 >= (-7)); p_3 = safe_add_func_int16_t_s_s(p_3, 8))
            { /* block id: 99 */
                int32_t *l_209 = &l_142;
                int32_t **l_210 = &l_198[3][0];
                uint32_t ***l_215[9][10] = {{&g_213,(void*)0,&g_213,&g_213,&g_213,(void*)0,&g_213,&l_211,&g_213,&g_213},{&g_213,&g_213,&l_211,&g_213,&g_213,&l_211,&g_213,&g_213,&g_213,&l_211},{&l_211,&g_213,&g_213,&g_213,&l_211,&g_213,&g_213,&g_213,&l_211,&g_213},{&g_213,(void*)0,&g_213,&l_211,&g_213,&g_213,&l_211,&g_213,(void*)0,&g_213},{(void*)0,&g_213,&l_211,&l_211,&l_211,&g_213,&l_211,&l_211,&l_211,&g_213},{&g_213,&g_213,&g_213,&g_213,&l_211,&g_213,&g_213,&l_211,&g_213,&g_213},{&l_211,&l_211,(void*)0,&g_213,&g_213,&g_213,&l_211,&g_213,&g_213,&g_213},{&g_213,&g_213,&g_213,&g_213,&l_211,&g_213,&l_211,&l_211,&g_213,&l_211},{(void*)0,&l_211,&l_211,(void*)0,&g_213,&g_213,&g_213,&l_211,&g_213,&g_213}};
                int i, j;
                (*l_210) = l_209;
                l_216 = l_211;
            }
        }
    }
    else
    { /* block id: 104 */
        union U1 *l_221 = &g_60;
        int32_t *l_222[6][1] = {{&g_26},{&l_113[5][1]},{&l_113[5][1]},{&g_26},{&l_113[5][1]},{&l_113[5][1]}};
        int i, j;
        (*g_35) = ((p_3 , p_3) , (safe_add_func_uint8_t_u_u((safe_sub_func_uint8_t_u_u(g_10, ((l_103 != l_221) , 0x7CL))), 0xBDL)));
        (*g_223) = (g_33 , l_222[5][0]);
    }
    return l_113[9][0];
}


/* ------------------------------------------ */
/* 
 * reads : g_22 g_28 g_24 g_26 g_33 g_36 g_59 g_65 g_76 g_35 g_57 g_60.f0
 * writes: g_26 g_35 g_24 g_59 g_57
 */
static int16_t  func_11(const int8_t  p_12, const uint16_t  p_13, int8_t * p_14, int8_t * p_15)
{ /* block id: 2 */
    int32_t *l_25 = &g_26;
    if (((*l_25) = 0x896E60BEL))
    { /* block id: 4 */
        uint32_t l_27[7];
        int32_t *l_56[2][5] = {{&g_57,&g_26,&g_57,&g_57,&g_26},{&g_26,&g_57,&g_57,&g_26,&g_57}};
        int i, j;
        for (i = 0; i < 7; i++)
            l_27[i] = 1UL;
        if (l_27[2])
        { /* block id: 5 */
lbl_52:
            (*g_36) = (((g_22 , (g_28[5][4] , (g_24 && (safe_sub_func_int32_t_s_s(((*l_25) != ((safe_div_func_int64_t_s_s(0L, (*l_25))) != (*l_25))), p_12))))) , g_33) , &g_26);
            for (g_24 = 5; (g_24 >= 1); g_24 -= 1)
            { /* block id: 9 */
                int32_t *l_37 = &g_26;
                int32_t *l_38 = &g_26;
                int32_t *l_39 = &g_26;
                int32_t *l_40 = &g_26;
                int32_t *l_41 = (void*)0;
                int32_t *l_42 = &g_26;
                int32_t *l_43 = &g_26;
                int32_t *l_44 = &g_26;
                int32_t *l_45 = &g_26;
                int32_t *l_46[5];
                uint32_t l_47 = 0x274CB070L;
                int i;
                for (i = 0; i < 5; i++)
                    l_46[i] = &g_26;
                ++l_47;
                if (p_12)
                    break;
            }
        }
        else
        { /* block id: 13 */
            int32_t l_53 = 0xBDCCB4F7L;
            int32_t * const l_54[10] = {(void*)0,(void*)0,&g_26,(void*)0,(void*)0,&g_26,(void*)0,(void*)0,&g_26,(void*)0};
            int i;
            for (g_26 = (-25); (g_26 == 16); g_26++)
            { /* block id: 16 */
                int32_t l_58 = 0x799626DAL;
                if (p_12)
                    goto lbl_52;
                l_53 = 0xC2B42D22L;
                l_56[0][2] = l_54[4];
                l_58 = 0x74242702L;
            }
            l_56[0][2] = (void*)0;
        }
    }
    else
    { /* block id: 24 */
        uint32_t l_78[10];
        int i;
        for (i = 0; i < 10; i++)
            l_78[i] = 0xD1EF091AL;
        if ((*l_25))
        { /* block id: 25 */
            union U1 * volatile *l_61 = &g_59;
            int32_t l_77 = 0x643983B7L;
            (*l_61) = g_59;
            for (g_26 = 16; (g_26 > 22); ++g_26)
            { /* block id: 29 */
                int32_t *l_64 = &g_26;
                int32_t *l_79 = &g_57;
                (*g_65) = l_64;
                (*l_79) |= ((((((safe_add_func_uint16_t_u_u(((safe_add_func_uint64_t_u_u(0xC68704422F2FDD04LL, (safe_add_func_int8_t_s_s((*p_15), (((*l_25) , (((safe_add_func_uint64_t_u_u((safe_mod_func_int64_t_s_s((*l_64), g_24)), 4L)) ^ g_76) != l_77)) || g_26))))) , g_76), p_12)) < 0x1DL) || l_78[5]) ^ p_12) || l_77) <= (*g_35));
            }
            (*g_35) = 4L;
        }
        else
        { /* block id: 34 */
            return g_60.f0;
        }
    }
    return p_12;
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
    transparent_crc(g_8, "g_8", print_hash_value);
    transparent_crc(g_10, "g_10", print_hash_value);
    transparent_crc(g_21.f0, "g_21.f0", print_hash_value);
    transparent_crc(g_21.f4, "g_21.f4", print_hash_value);
    transparent_crc(g_24, "g_24", print_hash_value);
    transparent_crc(g_26, "g_26", print_hash_value);
    for (i = 0; i < 8; i++)
    {
        for (j = 0; j < 7; j++)
        {
            transparent_crc(g_28[i][j].f0, "g_28[i][j].f0", print_hash_value);
            transparent_crc(g_28[i][j].f4, "g_28[i][j].f4", print_hash_value);
            if (print_hash_value) printf("index = [%d][%d]\n", i, j);

        }
    }
    transparent_crc(g_33.f0, "g_33.f0", print_hash_value);
    transparent_crc(g_33.f4, "g_33.f4", print_hash_value);
    transparent_crc(g_57, "g_57", print_hash_value);
    transparent_crc(g_60.f0, "g_60.f0", print_hash_value);
    transparent_crc(g_76, "g_76", print_hash_value);
    transparent_crc(g_81, "g_81", print_hash_value);
    for (i = 0; i < 9; i++)
    {
        for (j = 0; j < 2; j++)
        {
            transparent_crc(g_90[i][j], "g_90[i][j]", print_hash_value);
            if (print_hash_value) printf("index = [%d][%d]\n", i, j);

        }
    }
    transparent_crc(g_132, "g_132", print_hash_value);
    transparent_crc(g_152, "g_152", print_hash_value);
    transparent_crc(g_153, "g_153", print_hash_value);
    transparent_crc(g_159.f0, "g_159.f0", print_hash_value);
    transparent_crc(g_159.f4, "g_159.f4", print_hash_value);
    transparent_crc(g_172, "g_172", print_hash_value);
    transparent_crc(g_177.f0, "g_177.f0", print_hash_value);
    transparent_crc(g_177.f4, "g_177.f4", print_hash_value);
    transparent_crc(g_232.f0, "g_232.f0", print_hash_value);
    transparent_crc(g_398, "g_398", print_hash_value);
    transparent_crc(g_400, "g_400", print_hash_value);
    for (i = 0; i < 10; i++)
    {
        for (j = 0; j < 7; j++)
        {
            transparent_crc(g_402[i][j], "g_402[i][j]", print_hash_value);
            if (print_hash_value) printf("index = [%d][%d]\n", i, j);

        }
    }
    platform_main_end(crc32_context ^ 0xFFFFFFFFUL, print_hash_value);
    return 0;
}

/************************ statistics *************************
XXX max struct depth: 0
breakdown:
   depth: 0, occurrence: 114
XXX total union variables: 8

XXX non-zero bitfields defined in structs: 2
XXX zero bitfields defined in structs: 0
XXX const bitfields defined in structs: 0
XXX volatile bitfields defined in structs: 1
XXX structs with bitfields in the program: 13
breakdown:
   indirect level: 0, occurrence: 6
   indirect level: 1, occurrence: 5
   indirect level: 2, occurrence: 1
   indirect level: 3, occurrence: 1
XXX full-bitfields structs in the program: 0
breakdown:
XXX times a bitfields struct's address is taken: 13
XXX times a bitfields struct on LHS: 0
XXX times a bitfields struct on RHS: 8
XXX times a single bitfield on LHS: 0
XXX times a single bitfield on RHS: 1

XXX max expression depth: 17
breakdown:
   depth: 1, occurrence: 60
   depth: 2, occurrence: 10
   depth: 4, occurrence: 3
   depth: 7, occurrence: 1
   depth: 10, occurrence: 1
   depth: 11, occurrence: 1
   depth: 13, occurrence: 1
   depth: 15, occurrence: 1
   depth: 16, occurrence: 2
   depth: 17, occurrence: 1

XXX total number of pointers: 145

XXX times a variable address is taken: 230
XXX times a pointer is dereferenced on RHS: 28
breakdown:
   depth: 1, occurrence: 23
   depth: 2, occurrence: 2
   depth: 3, occurrence: 3
XXX times a pointer is dereferenced on LHS: 51
breakdown:
   depth: 1, occurrence: 50
   depth: 2, occurrence: 1
XXX times a pointer is compared with null: 2
XXX times a pointer is compared with address of another variable: 2
XXX times a pointer is compared with another pointer: 2
XXX times a pointer is qualified to be dereferenced: 2213

XXX max dereference level: 3
breakdown:
   level: 0, occurrence: 0
   level: 1, occurrence: 144
   level: 2, occurrence: 13
   level: 3, occurrence: 3
XXX number of pointers point to pointers: 47
XXX number of pointers point to scalars: 89
XXX number of pointers point to structs: 0
XXX percent of pointers has null in alias set: 27.6
XXX average alias set size: 1.23

XXX times a non-volatile is read: 254
XXX times a non-volatile is write: 144
XXX times a volatile is read: 22
XXX    times read thru a pointer: 0
XXX times a volatile is write: 11
XXX    times written thru a pointer: 1
XXX times a volatile is available for access: 2.22e+03
XXX percentage of non-volatile access: 92.3

XXX forward jumps: 0
XXX backward jumps: 4

XXX stmts: 53
XXX max block depth: 3
breakdown:
   depth: 0, occurrence: 8
   depth: 1, occurrence: 7
   depth: 2, occurrence: 17
   depth: 3, occurrence: 21

XXX percentage a fresh-made variable is used: 14.9
XXX percentage an existing variable is used: 85.1
FYI: the random generator makes assumptions about the integer size. See platform.info for more details.
********************* end of statistics **********************/

