"""The opcode table that harness.x86 decodes with (notation: see harness.x86).

Provenance: operand semantics from the public x86 opcode map and capstone;
legality measured by probing ZeroVM's validator as a black box (no validator
source or table was used).  Each entry was derived by encoding the opcode with
every ModRM.reg value, register and memory operands, and each prefix (66,
F2, F3, F0, REX.W), then asking the validator whether it accepts the
instruction, whether a write through the ModRM/opcode register to r15 is
rejected (register written), whether a following ``(%r15,%rX,1)`` access is
accepted (32-bit result zero-extends), and whether an unsandboxed memory
operand is rejected (memory operand checked).  Immediate sizes were measured
the same way (zero bytes appended until the instruction stops being accepted).

Lengths of invalid instructions (how many bytes the validator steps over before
decoding again, which decides where its later errors land) were measured with
valz: each probe is followed by short jumps to its offsets 1..15, and valz
reports every jump whose target is not an instruction start.  They are encoded
as trailing illegal forms: ``- X=ill M`` consumes ModRM/SIB/displacement but no
immediate, ``X=ill`` alone only the opcode bytes, ``M mem`` leaves register
forms at one byte, ``sreg`` stops at the opcode for a bad segment register.
"""

SPEC = """\
0,0x00: add S=b M mem L | Eb:US Gb:U
    || add S=b M reg | Eb:US Gb:U
0,0x01: add M mem D L | Ev:USZ Gv:U
    || add M reg D | Ev:USZ Gv:U
0,0x02: add S=b M | Gb:US Eb:U
0,0x03: add M D | Gv:USZ Ev:U
0,0x04: add S=b i=b
0,0x05: add D i=z | @rAX:SZ
0,0x08: or S=b M mem L | Eb:US Gb:U
    || or S=b M reg | Eb:US Gb:U
0,0x09: or M mem D L | Ev:USZ Gv:U
    || or M reg D | Ev:USZ Gv:U
0,0x0a: or S=b M | Gb:US Eb:U
0,0x0b: or M D | Gv:USZ Ev:U
0,0x0c: or S=b i=b
0,0x0d: or D i=z | @rAX:SZ
0,0x10: - S=b M mem L | Eb:US Gb:U
    || - S=b M reg | Eb:US Gb:U
0,0x11: - M mem D L | Ev:US Gv:U
    || - M reg D | Ev:US Gv:U
0,0x12: - S=b M | Gb:US Eb:U
0,0x13: - M D | Gv:US Ev:U
0,0x14: - S=b i=b
0,0x15: - D i=z
0,0x18: - S=b M mem L | Eb:US Gb:U
    || - S=b M reg | Eb:US Gb:U
0,0x19: - M mem D L | Ev:US Gv:U
    || - M reg D | Ev:US Gv:U
0,0x1a: - S=b M | Gb:US Eb:U
0,0x1b: - M D | Gv:US Ev:U
0,0x1c: - S=b i=b
0,0x1d: - D i=z
0,0x20: and S=b M mem L | Eb:US Gb:U
    || and S=b M reg | Eb:US Gb:U
0,0x21: and M mem D L | Ev:USZ Gv:U
    || and M reg D | Ev:USZ Gv:U
0,0x22: and S=b M | Gb:US Eb:U
0,0x23: and M D | Gv:USZ Ev:U
0,0x24: and S=b i=b
0,0x25: and D i=z | @rAX:SZ
0,0x28: sub S=b M mem L | Eb:US Gb:U
    || sub S=b M reg | Eb:US Gb:U
0,0x29: sub M mem D L | Ev:USZ Gv:U
    || sub M reg D | Ev:USZ Gv:U
0,0x2a: sub S=b M | Gb:US Eb:U
0,0x2b: sub M D | Gv:USZ Ev:U
0,0x2c: sub S=b i=b
0,0x2d: sub D i=z | @rAX:SZ
0,0x30: - S=b M mem L | Eb:US Gb:U
    || - S=b M reg | Eb:US Gb:U
0,0x31: - M mem D L | Ev:USZ Gv:U
    || - M reg D | Ev:USZ Gv:U
0,0x32: - S=b M | Gb:US Eb:U
0,0x33: - M D | Gv:USZ Ev:U
0,0x34: - S=b i=b
0,0x35: - D i=z | @rAX:SZ
0,0x38: - S=b M | Eb:U Gb:U
0,0x39: - M D | Ev:U Gv:U
0,0x3a: - S=b M | Eb:U Gb:U
0,0x3b: - M D | Ev:U Gv:U
0,0x3c: - S=b i=b
0,0x3d: - D i=z
0,0x50-0x57: push D d64 +r | Pv:U
0,0x58-0x5f: pop D d64 +r | Pv:S
0,0x62: - X=ill
0,0x63: - M D | Gv:SZ Ev:U
0,0x68: push D d64 i=z
0,0x69: - M D i=z | Gv:SZ Ev:U
0,0x6a: push S=vo d64 i=b
    || - X=ill i=b
0,0x6b: - M D i=b | Gv:SZ Ev:U
0,0x6c-0x6f: - X=ill
0,0x70-0x7f: - S=vo d64 jcc i=b hint | J
    || - X=ill i=b
0,0x80: add S=b M mem L /0 i=b | Eb:US
    || add S=b M reg /0 i=b | Eb:US
    || or S=b M mem L /1 i=b | Eb:US
    || or S=b M reg /1 i=b | Eb:US
    || - S=b M mem L /2 i=b | Eb:US
    || - S=b M reg /2 i=b | Eb:US
    || - S=b M mem L /3 i=b | Eb:US
    || - S=b M reg /3 i=b | Eb:US
    || and S=b M mem L /4 i=b | Eb:US
    || and S=b M reg /4 i=b | Eb:US
    || sub S=b M mem L /5 i=b | Eb:US
    || sub S=b M reg /5 i=b | Eb:US
    || - S=b M mem L /6 i=b | Eb:US
    || - S=b M reg /6 i=b | Eb:US
    || - S=b M /7 i=b | Eb:U
0,0x81: add M mem D L /0 i=z | Ev:USZ
    || add M reg D /0 i=z | Ev:USZ
    || or M mem D L /1 i=z | Ev:USZ
    || or M reg D /1 i=z | Ev:USZ
    || - M mem D L /2 i=z | Ev:US
    || - M reg D /2 i=z | Ev:US
    || - M mem D L /3 i=z | Ev:US
    || - M reg D /3 i=z | Ev:US
    || and M mem D L /4 i=z | Ev:USZ
    || and M reg D /4 i=z | Ev:USZ
    || sub M mem D L /5 i=z | Ev:USZ
    || sub M reg D /5 i=z | Ev:USZ
    || - M mem D L /6 i=z | Ev:USZ
    || - M reg D /6 i=z | Ev:USZ
    || - M D /7 i=z | Ev:U
0,0x82: - X=ill M
0,0x83: add M mem D L /0 i=b | Ev:USZ
    || add M reg D /0 i=b | Ev:USZ
    || or M mem D L /1 i=b | Ev:USZ
    || or M reg D /1 i=b | Ev:USZ
    || - M mem D L /2 i=b | Ev:US
    || - M reg D /2 i=b | Ev:US
    || - M mem D L /3 i=b | Ev:US
    || - M reg D /3 i=b | Ev:US
    || and M mem D L /4 i=b | Ev:USZ
    || and M reg D /4 i=b | Ev:USZ
    || sub M mem D L /5 i=b | Ev:USZ
    || sub M reg D /5 i=b | Ev:USZ
    || - M mem D L /6 i=b | Ev:USZ
    || - M reg D /6 i=b | Ev:USZ
    || - M D /7 i=b | Ev:U
0,0x84: - S=b M mem | Eb:U Gb
    || - S=b M reg | Eb:U Gb:U
0,0x85: - M mem D | Ev:U Gv
    || - M reg D | Ev:U Gv:U
0,0x86: - S=b M mem L | Eb:US Gb:US
    || - S=b M reg | Eb:US Gb:US
0,0x87: - M mem D L | Ev:USZ Gv:US
    || - M reg D | Ev:USZ Gv:US
0,0x88: mov S=b M | Eb:S Gb:U
0,0x89: mov M D | Ev:SZ Gv:U
0,0x8a: mov S=b M | Gb:S Eb:U
0,0x8b: mov M D | Gv:SZ Ev:U
0,0x8c: - X=ill M sreg
0,0x8d: lea M mem D | Gv:SZ Ev
0,0x8e: - X=ill M sreg
0,0x8f: pop M D /0 d64 | Ev:S
    || - X=ill M
0,0x90-0x97: - D +r | Pv:USZ
0,0x98-0x99: - D
0,0x9b: - S=vo
0,0x9c-0x9f: - X=ill
0,0xa0: mov S=b i=a | @al:S O:U
0,0xa1: mov D i=a | @rAX:S O:U
0,0xa2: mov S=b i=a | O:S @al:U
0,0xa3: mov D i=a | O:S @rAX:U
0,0xa4: - S=b R | Y:S X:U
0,0xa5: - R D | Y:S X:U
0,0xa6: - S=b R N | Y:U X:U
0,0xa7: - R N D | Y:U X:U
0,0xa8: - S=b i=b
0,0xa9: - D i=z
0,0xaa: - S=b R | Y:S @al:U
0,0xab: - R D | Y:S @rAX:U
0,0xac: - S=b R | @al:S X:U
0,0xad: - R D | @rAX:S X:U
0,0xae: - S=b R N | @al:U Y:U
0,0xaf: - R N D | @rAX:U Y:U
0,0xb0-0xb7: mov S=b i=b +r | Pb:S
0,0xb8-0xbf: mov D i=s +r | Pv:SZ
0,0xc0: - S=b M /0 i=b | Eb:US
    || - S=b M /1 i=b | Eb:US
    || - S=b M /2 i=b | Eb:US
    || - S=b M /3 i=b | Eb:US
    || - S=b M /4 i=b | Eb:US
    || - S=b M /5 i=b | Eb:US
    || - X=ill M /6 i=b
    || - S=b M /7 i=b | Eb:US
0,0xc1: - M D /0 i=b | Ev:US
    || - M D /1 i=b | Ev:US
    || - M D /2 i=b | Ev:US
    || - M D /3 i=b | Ev:US
    || - M D /4 i=b | Ev:US
    || - M D /5 i=b | Ev:US
    || - X=ill M /6 i=b
    || - M D /7 i=b | Ev:US
0,0xc2: - X=ill i=w
0,0xc3-0xc5: - X=ill
0,0xc6: mov S=b M /0 i=b | Eb:S
    || - X=ill M
0,0xc7: mov M D /0 i=z | Ev:SZ
    || - X=ill M
0,0xc8: - X=ill i=w j=b
0,0xc9: - X=ill
0,0xca: - X=ill i=w
0,0xcb-0xcc: - X=ill
0,0xcd: - X=ill i=b
0,0xcf: - X=ill
0,0xd0: - S=b M /0 | Eb:US
    || - S=b M /1 | Eb:US
    || - S=b M /2 | Eb:US
    || - S=b M /3 | Eb:US
    || - S=b M /4 | Eb:US
    || - S=b M /5 | Eb:US
    || - X=ill M /6
    || - S=b M /7 | Eb:US
0,0xd1: - M D /0 | Ev:US
    || - M D /1 | Ev:US
    || - M D /2 | Ev:US
    || - M D /3 | Ev:US
    || - M D /4 | Ev:US
    || - M D /5 | Ev:US
    || - X=ill M /6
    || - M D /7 | Ev:US
0,0xd2: - S=b M /0 | Eb:US
    || - S=b M /1 | Eb:US
    || - S=b M /2 | Eb:US
    || - S=b M /3 | Eb:US
    || - S=b M /4 | Eb:US
    || - S=b M /5 | Eb:US
    || - X=ill M /6
    || - S=b M /7 | Eb:US
0,0xd3: - M D /0 | Ev:US
    || - M D /1 | Ev:US
    || - M D /2 | Ev:US
    || - M D /3 | Ev:US
    || - M D /4 | Ev:US
    || - M D /5 | Ev:US
    || - X=ill M /6
    || - M D /7 | Ev:US
0,0xd7: - X=ill
0,0xd8: - S=vo M mem | Ev:U
    || - X=ill M
0,0xd9: - S=vo M mem /0 | Ev:U
    || - S=vo M mem /2 | Ev:U
    || - S=vo M mem /3 | Ev:U
    || - S=vo M mem /4 | Ev:U
    || - S=vo M mem /5 | Ev:U
    || - S=vo M mem /6 | Ev:S
    || - S=vo M mem /7 | Ev:U
    || - X=ill M
0,0xda: - S=vo M mem | Ev:U
    || - X=ill M
0,0xdb: - S=vo M mem /0 | Ev:U
    || - S=vo M mem /1 | Ev:U
    || - S=vo M mem /2 | Ev:U
    || - S=vo M mem /3 | Ev:U
    || - S=vo M mem /5 | Ev:U
    || - S=vo M mem /7 | Ev:S
    || - X=ill M mem
    || - X=ill M reg sreg
0,0xdc: - S=vo M mem | Ev:U
    || - X=ill M
0,0xdd: - S=vo M mem /0 | Ev:U
    || - S=vo M mem /1 | Ev:U
    || - S=vo M mem /2 | Ev:U
    || - S=vo M mem /3 | Ev:U
    || - S=vo M mem /4 | Ev:S
    || - S=vo M mem /6 | Ev:S
    || - S=vo M mem /7 | Ev:S
    || - X=ill M
0,0xde: - S=vo M mem | Ev:U
    || - X=ill M
0,0xdf: - S=vo M mem /0 | Ev:U
    || - S=vo M mem /1 | Ev:U
    || - S=vo M mem /2 | Ev:U
    || - S=vo M mem /3 | Ev:U
    || - S=vo M mem /4 | Ev:U
    || - S=vo M mem /5 | Ev:U
    || - S=vo M mem /6 | Ev:S
    || - S=vo M mem /7 | Ev:S
    || - X=ill M
0,0xe0-0xe2: - S=vo d64 jcc i=b | J
    || - X=ill i=b
0,0xe3: - S=vo d64 jcc i=b hint | J
    || - X=ill i=b
0,0xe4-0xe7: - X=ill i=b
0,0xe8: call S=vo d64 jmp i=v | J
0,0xe9: - S=vo d64 jmp i=v | J
0,0xeb: - S=vo d64 jmp i=b | J
    || - X=ill i=b
0,0xec-0xef: - X=ill
0,0xf1: - X=ill
0,0xf4-0xf5: - S=vo
0,0xf6: - S=b M /0 i=b | Eb:U
    || - X=ill M /1 i=b
    || - S=b M mem L /2 | Eb:US
    || - S=b M reg /2 | Eb:US
    || - S=b M mem L /3 | Eb:US
    || - S=b M reg /3 | Eb:US
    || - S=b M /4 | Eb:U
    || - S=b M /5 | Eb:U
    || - S=b M /6 | Eb:U
    || - S=b M /7 | Eb:U
0,0xf7: - M D /0 i=z | Ev:U
    || - X=ill M /1 i=v
    || - M mem D L /2 | Ev:USZ
    || - M reg D /2 | Ev:USZ
    || - M mem D L /3 | Ev:USZ
    || - M reg D /3 | Ev:USZ
    || - M D /4 | Ev:U
    || - M D /5 | Ev:U
    || - M D /6 | Ev:U
    || - M D /7 | Ev:U
0,0xf8-0xf9: - S=vo
0,0xfa-0xfb: - X=ill
0,0xfc-0xfd: - S=vo
0,0xfe: - S=b M mem L /0 | Eb:US
    || - S=b M reg /0 | Eb:US
    || - S=b M mem L /1 | Eb:US
    || - S=b M reg /1 | Eb:US
    || - X=ill M
0,0xff: - M mem D L /0 | Ev:USZ
    || - M reg D /0 | Ev:USZ
    || call M /2 d64 jmp | Eq:U
    || - M /4 d64 jmp | Eq:U
    || - M mem D L /1 | Ev:USZ
    || - M reg D /1 | Ev:USZ
    || - X=ill M mem /3
    || - X=ill M mem /5
    || push M D /6 | Ev:U
    || - X=ill M
1,0x00: - X=ill M /0
    || - X=ill M /1
    || - X=ill M /2
    || - X=ill M /3
    || - X=ill M /4
    || - X=ill M /5
    || - X=ill M
1,0x01: - X=ill M reg /7 rm=1 tsc
    || - X=ill M mem /0
    || bad M reg /0
    || - X=ill M /1
    || - X=ill M mem /2
    || - X=ill M /3
    || - X=ill M /4
    || - X=ill M /6
    || - X=ill M /7
    || - X=ill M
1,0x02-0x03: - X=ill M
1,0x05: - X=sys
1,0x06-0x09: - X=ill
1,0x0b: - X=ill
1,0x0d: - S=b M mem /0 | Eb
    || - S=b M mem /1 | Eb
    || - X=ill M mem /2
    || - M mem /3 | Ev
    || - X=ill M mem
1,0x0e: -
1,0x0f: bad M 3dn i=b
1,0x10-0x12: - M | x:U
1,0x13: - M mem | Ev:U
1,0x14-0x16: - M | x:U
1,0x17: - M mem | Ev:U
1,0x18: - S=b M mem /0 | Eb
    || - S=b M mem /1 | Eb
    || - S=b M mem /2 | Eb
    || - S=b M mem /3 | Eb
    || - X=ill M /4
    || - X=ill M /5
    || - X=ill M /6
    || - X=ill M /7
1,0x19: - X=ill M
1,0x1a-0x1b: - X=ill M mem
1,0x1c: - X=ill M mem /0
1,0x1d-0x1e: - X=ill M mem
1,0x1f: - M mem /0 | Ev
    || - M reg /0 | Ev:U
    || - X=ill M /1
    || - X=ill M /2
    || - X=ill M /3
    || - X=ill M /4
    || - X=ill M /5
    || - X=ill M /6
    || - X=ill M /7
1,0x20-0x23: bad M reg
1,0x28: - M | x:U
1,0x29: - M | x:S
1,0x2a: - M | x:U
1,0x2b: - M mem | Ev:U
1,0x2c-0x2f: - M | x:U
1,0x30: - X=ill
1,0x31: - X=ill tsc
1,0x32-0x33: - X=ill
1,0x34-0x35: - X=sys
1,0x37: - X=ill
1,0x40-0x4f: - M | Gv:S Ev:U
1,0x50: - M reg | Gv:S x
1,0x51-0x6b: - M | x:U
1,0x6e: - M | Ev:U
1,0x6f: - M | x:U
1,0x70: - M i=b | x:U
1,0x71-0x72: - M reg /2 i=b | x
    || - M reg /4 i=b | x
    || - M reg /6 i=b | x
    || - X=ill M
1,0x73: - M reg /2 i=b | x
    || - M reg /6 i=b | x
    || - X=ill M
1,0x74-0x76: - M | x:U
1,0x77: -
1,0x78-0x79: - X=ill
1,0x7e: - M | Ev:USZ
1,0x7f: - M | x:U
1,0x80-0x8f: - d64 jcc i=v hint | J
1,0x90-0x93: - S=b M | Eb:US
1,0x94-0x95: - S=b M | Eb:S
1,0x96-0x9f: - S=b M | Eb:US
1,0xa0-0xa1: - X=ill
1,0xa2: -
1,0xa3: - X=ill M
1,0xa4: - M i=b | Ev:US Gv:U
1,0xa5: - M | Ev:US Gv:U
1,0xa8-0xaa: - X=ill
1,0xab: - X=ill M
1,0xac: - M i=b | Ev:US Gv:U
1,0xad: - M | Ev:US Gv:U
1,0xae: - X=ill M mem /0
    || - X=ill M mem /1
    || - M mem /2 | Ev:U
    || - M mem /3 | Ev:U
    || - X=ill M mem /4
    || bad M mem /5
    || - M reg /5 rm=0
    || - X=ill M reg /5 rm=1
    || - X=ill M reg /5 rm=2
    || - X=ill M reg /5 rm=3
    || - X=ill M reg /5 rm=4
    || - X=ill M reg /5 rm=5
    || - X=ill M reg /5 rm=6
    || - X=ill M reg /5 rm=7
    || bad M mem /6
    || - M reg /6 rm=0
    || - X=ill M reg /6 rm=1
    || - X=ill M reg /6 rm=2
    || - X=ill M reg /6 rm=3
    || - X=ill M reg /6 rm=4
    || - X=ill M reg /6 rm=5
    || - X=ill M reg /6 rm=6
    || - X=ill M reg /6 rm=7
    || - S=b M mem /7 | Eb:U
    || - M reg /7 rm=0
    || - X=ill M reg /7 rm=1
    || - X=ill M reg /7 rm=2
    || - X=ill M reg /7 rm=3
    || - X=ill M reg /7 rm=4
    || - X=ill M reg /7 rm=5
    || - X=ill M reg /7 rm=6
    || - X=ill M reg /7 rm=7
1,0xaf: - M | Gv:USZ Ev:U
1,0xb0: - S=b M mem L | Eb:US Gb:US
    || - S=b M reg | Eb:US Gb:US
1,0xb1: - M mem L | Ev:US Gv:US
    || - M reg | Ev:US Gv:US
1,0xb2: - X=ill M mem
1,0xb3: - X=ill M
1,0xb4-0xb5: - X=ill M mem
1,0xb6: - M | Gv:SZ Eb:U
1,0xb7: - M | Gv:SZ Ev:U
1,0xb9: - X=ill M
1,0xba: - M /4 i=b | Ev:U
    || - M mem L /5 i=b | Ev:US
    || - M reg /5 i=b | Ev:US
    || - M mem L /6 i=b | Ev:US
    || - M reg /6 i=b | Ev:US
    || - M mem L /7 i=b | Ev:US
    || - M reg /7 i=b | Ev:US
    || - X=ill M
1,0xbb: - X=ill M
1,0xbc-0xbd: - M | Gv:S Ev:U
1,0xbe: - M | Gv:SZ Eb:U
1,0xbf: - M | Gv:SZ Ev:U
1,0xc0: - S=b M mem L | Eb:US Gb:US
    || - S=b M reg | Eb:US Gb:US
1,0xc1: - M mem L | Ev:USZ Gv:US
    || - M reg | Ev:USZ Gv:US
1,0xc2: - M i=b | x:U
1,0xc3: - M mem | Ev:U Gv:U
1,0xc4: - M i=b | Ev:U
1,0xc5: - M reg i=b | Gv:S x
1,0xc6: - M i=b | x:U
1,0xc7: - M mem L /1 | Ev:US
    || - X=ill M mem /3
    || - X=ill M mem /4
    || - X=ill M mem /5
    || - X=ill M /6
    || - X=ill M /7
    || - X=ill M
1,0xc8-0xcf: - +r | Pv:US
1,0xd1-0xd5: - M | x:U
1,0xd7: - M reg | Gv:S x
1,0xd8-0xe5: - M | x:U
1,0xe7: - M mem | Ev:U
1,0xe8-0xef: - M | x:U
1,0xf1-0xf6: - M | x:U
1,0xf7: - S=v M reg | Z:S
1,0xf8-0xfe: - M | x:U
1,0xff: - X=ill
2,0x00-0x03: bad
2,0x05-0x09: bad
2,0x0b: bad
2,0x0d-0x0e: bad
2,0x10: - M N | x:U
2,0x11: - M N | x:S
2,0x12: - M N | x:U
2,0x18-0x23: bad
2,0x2a: - M N | Ev:U
2,0x2b: - M mem N | Ev:U
2,0x2c-0x2d: - M N | Gv:S x:U
2,0x30-0x35: bad
2,0x37: bad
2,0x40-0x4f: bad
2,0x51: - M N | x:U
2,0x58-0x5a: - M N | x:U
2,0x5c-0x5f: - M N | x:U
2,0x70: - M N i=b | x:U
2,0x78: - M reg N i=w | x
2,0x79: - M reg N | x
2,0x7c-0x7d: - M N | x:U
2,0x80-0xa5: bad
2,0xa8-0xad: bad
2,0xae: - X=ill
2,0xaf-0xb7: bad
2,0xb9-0xbb: - X=ill
2,0xbe-0xbf: - X=ill
2,0xc0-0xc1: bad
2,0xc2: - M N i=b | x:U
2,0xc7-0xcf: bad
2,0xd0: - M N | x:U
2,0xd6: - M reg N | x
2,0xe6: - M N | x:U
2,0xf0: - M mem N | Ev:U
2,0xff: - X=ill
3,0x00-0x03: bad
3,0x05-0x09: bad
3,0x0b: bad
3,0x0d-0x0e: bad
3,0x10: - M R | x:U
3,0x11: - M R | x:S
3,0x12: - M R | x:U
3,0x16: - M R | x:U
3,0x18-0x23: bad
3,0x2a: - M R | Ev:U
3,0x2b: - M mem R | Ev:U
3,0x2c-0x2d: - M R | Gv:S x:U
3,0x30-0x35: bad
3,0x37: bad
3,0x40-0x4f: bad
3,0x51-0x53: - M R | x:U
3,0x58-0x5f: - M R | x:U
3,0x6f: - M R | x:U
3,0x70: - M R i=b | x:U
3,0x7e: - M R | x:U
3,0x7f: - M R | x:S
3,0x80-0xa5: bad
3,0xa8-0xb7: bad
3,0xb8: - M R | Gv:S Ev:U
3,0xb9-0xbb: - X=ill
3,0xbc-0xbd: - M R | Gv:S Ev:U
3,0xbe-0xbf: - X=ill
3,0xc0-0xc1: bad
3,0xc2: - M R i=b | x:U
3,0xc7-0xcf: bad
3,0xd6: - M reg R | x
3,0xe6: - M R | x:U
3,0xff: - X=ill
4,0x00: - X=ill M /0
    || - X=ill M /1
    || - X=ill M /2
    || - X=ill M /3
    || - X=ill M /4
    || - X=ill M /5
4,0x01: - X=ill M reg /7 rm=1 tsc
    || - X=ill M mem /0
    || bad M reg /0
    || - X=ill M /1
    || - X=ill M mem /2
    || - X=ill M /3
    || - X=ill M /4
    || - X=ill M /6
    || - X=ill M /7
4,0x02-0x03: - X=ill M
4,0x05: - X=sys
4,0x06-0x09: - X=ill
4,0x0b: - X=ill
4,0x0d: - X=ill M mem /2
4,0x10-0x11: - S=vo M D I16 | x:U
4,0x12-0x13: - S=vo M mem D I16 | Ev:U
4,0x14-0x15: - S=vo M D I16 | x:U
4,0x16-0x17: - S=vo M mem D I16 | Ev:U
4,0x18: - X=ill M /4
    || - X=ill M /5
    || - X=ill M /6
    || - X=ill M /7
4,0x19-0x1b: - X=ill M
4,0x1c-0x1e: - X=ill M mem
4,0x1f: - X=ill M /1
    || - X=ill M /2
    || - X=ill M /3
    || - X=ill M /4
    || - X=ill M /5
    || - X=ill M /6
    || - X=ill M /7
4,0x20-0x23: bad M reg
4,0x28: - S=vo M D I16 | x:U
4,0x29: - S=vo M D I16 | x:S
4,0x2a: - S=vo M D I16 | x:U
4,0x2b: - S=vo M mem D I16 | Ev:U
4,0x2c-0x2f: - S=vo M D I16 | x:U
4,0x30-0x33: - X=ill
4,0x34-0x35: - X=sys
4,0x37: - X=ill
4,0x40-0x4f: - S=w M D | Gv:S Ev:U
4,0x50: - S=vo M reg D I16 | Gv:S x
4,0x51: - S=vo M D I16 | x:U
4,0x54-0x6d: - S=vo M D I16 | x:U
4,0x6e: - S=vo M D I16 | Ev:U
4,0x6f: - S=vo M D I16 | x:U
4,0x70: - S=vo M D I16 i=b | x:U
4,0x71-0x72: - S=vo M reg D I16 /2 i=b | x
    || - S=vo M reg D I16 /4 i=b | x
    || - S=vo M reg D I16 /6 i=b | x
    || - X=ill M
4,0x73: - S=vo M reg D I16 /2 i=b | x
    || - S=vo M reg D I16 /3 i=b | x
    || - S=vo M reg D I16 /6 i=b | x
    || - S=vo M reg D I16 /7 i=b | x
    || - X=ill M
4,0x74-0x76: - S=vo M D I16 | x:U
4,0x78: - X=ill M reg i=w
4,0x79: - S=vo M reg D I16 | x
4,0x7c-0x7d: - S=vo M D I16 | x:U
4,0x7e: - S=vo M D I16 | Ev:SZ
4,0x7f: - S=vo M D I16 | x:S
4,0x80-0x8f: bad
4,0xa0-0xa1: - X=ill
4,0xa3: - X=ill M
4,0xa4: - S=w M D i=b | Ev:US Gv:U
4,0xa5: - S=w M D | Ev:US Gv:U
4,0xa8-0xaa: - X=ill
4,0xab: - X=ill M
4,0xac: - S=w M D i=b | Ev:US Gv:U
4,0xad: - S=w M D | Ev:US Gv:U
4,0xae: - X=ill M mem /0
    || - X=ill M mem /1
    || - X=ill M mem /2
    || - X=ill M mem /3
    || - X=ill M /6
    || - X=ill M mem /7
4,0xaf: - S=w M D | Gv:US Ev:U
4,0xb1: - S=w M mem D L | Ev:US Gv:US
    || - S=w M reg D | Ev:US Gv:US
4,0xb2: - X=ill M mem
4,0xb3: - X=ill M
4,0xb4-0xb5: - X=ill M mem
4,0xb6: - S=w M D | Gv:S Eb:U
4,0xb7: - S=w M D | Gv:S Ev:U
4,0xb9: - X=ill M
4,0xba: - S=w M D /4 i=b | Ev:U
    || - S=w M mem D L /5 i=b | Ev:US
    || - S=w M reg D /5 i=b | Ev:US
    || - S=w M mem D L /6 i=b | Ev:US
    || - S=w M reg D /6 i=b | Ev:US
    || - S=w M mem D L /7 i=b | Ev:US
    || - S=w M reg D /7 i=b | Ev:US
    || - X=ill M
4,0xbb: - X=ill M
4,0xbc-0xbd: - S=w M D | Gv:S Ev:U
4,0xbe: - S=w M D | Gv:S Eb:U
4,0xbf: - S=w M D | Gv:S Ev:U
4,0xc1: - S=w M mem D L | Ev:US Gv:US
    || - S=w M reg D | Ev:US Gv:US
4,0xc2: - S=vo M D I16 i=b | x:U
4,0xc4: - S=vo M D I16 i=b | Ev:U
4,0xc5: - S=vo M reg D I16 i=b | Gv:S x
4,0xc6: - S=vo M D I16 i=b | x:U
4,0xc7: - X=ill M mem /1
    || - X=ill M mem /3
    || - X=ill M mem /4
    || - X=ill M mem /5
    || - X=ill M /6
    || - X=ill M reg /7
4,0xc8-0xcf: bad
4,0xd0-0xd6: - S=vo M D I16 | x:U
4,0xd7: - S=vo M reg D I16 | Gv:S x
4,0xd8-0xe6: - S=vo M D I16 | x:U
4,0xe7: - S=vo M mem D I16 | Ev:U
4,0xe8-0xef: - S=vo M D I16 | x:U
4,0xf1-0xf6: - S=vo M D I16 | x:U
4,0xf7: - S=v M reg D I16 | Z:S
4,0xf8-0xfe: - S=vo M D I16 | x:U
4,0xff: - X=ill
5,0x0c-0x0d: - M i=b | x:U
5,0x1c-0x1d: - M i=b | x:U
5,0x8a: - M i=b | x:U
5,0x8e: - M i=b | x:U
5,0x90: - M i=b | x:U
5,0x94: - M i=b | x:U
5,0x96-0x97: - M i=b | x:U
5,0x9a: - M i=b | x:U
5,0x9e: - M i=b | x:U
5,0xa0: - M i=b | x:U
5,0xa4: - M i=b | x:U
5,0xa6-0xa7: - M i=b | x:U
5,0xaa: - M i=b | x:U
5,0xae: - M i=b | x:U
5,0xb0: - M i=b | x:U
5,0xb4: - M i=b | x:U
5,0xb6-0xb7: - M i=b | x:U
5,0xbb: - M i=b | x:U
5,0xbf: - M i=b | x:U
6,0x00-0x0b: - M | x:U
6,0x1c-0x1e: - M | x:U
6,0xc8-0xcd: - X=ill M
6,0xf0: - M mem | Gv:S Ev:U
6,0xf1: - M mem | Ev:S Gv:U
6,0xf6: - X=ill M mem
6,0xf9: - X=ill M mem
7,0x00-0x0b: - S=vo M D I16 | x:U
7,0x10: - S=vo M D I16 | x:U
7,0x14-0x15: - S=vo M D I16 | x:U
7,0x17: - S=vo M D I16 | x:U
7,0x1c-0x1e: - S=vo M D I16 | x:U
7,0x20-0x25: - S=vo M D I16 | x:U
7,0x28-0x29: - S=vo M D I16 | x:U
7,0x2a: - S=vo M mem D I16 | Ev:U
7,0x2b: - S=vo M D I16 | x:U
7,0x30-0x35: - S=vo M D I16 | x:U
7,0x37-0x41: - S=vo M D I16 | x:U
7,0x80-0x82: - X=ill M mem
7,0xc8-0xcd: - X=ill M
7,0xcf: - X=ill M
7,0xdb-0xdf: - X=ill M
7,0xf0: - S=w M mem D | Gv:S Ev:U
7,0xf1: - S=w M mem D | Ev:S Gv:U
7,0xf5: - X=ill M mem
7,0xf6: - X=ill M
7,0xf8-0xf9: - X=ill M mem
8,0xc8-0xcd: bad M
8,0xf0: - M N | Gv:US Eb:U
8,0xf1: - M N | Gv:US Ev:U
8,0xf9: bad M mem
9,0x0f: - M i=b | x:U
9,0xcc: bad M i=b
10,0x08-0x09: - S=vo M D I16 i=b | x:U
10,0x0a-0x0b: - S=vo M mem D I16 i=b | x:U
    || - S=vo M reg D I16 i=b | x
10,0x0c-0x0f: - S=vo M D I16 i=b | x:U
10,0x14-0x17: - S=vo M D I16 i=b | Ev:US
10,0x20: - S=vo M D I16 i=b | Ev:U
10,0x21: - S=vo M D I16 i=b | x:U
10,0x22: - S=vo M D I16 i=b | Ev:U
10,0x40-0x42: - S=vo M D I16 i=b | x:U
10,0x44: bad M i=b
10,0x60-0x63: - S=vo M D I16 i=b | x:U
10,0xcc: bad M i=b
10,0xce-0xcf: bad M i=b
10,0xdf: bad M i=b
11,0xc0-0xff: - S=vo
12,0xc0-0xd0: - S=vo
12,0xd8-0xdf: - X=ill
12,0xe0-0xe1: - S=vo
12,0xe4-0xe5: - S=vo
12,0xe8-0xee: - S=vo
12,0xf0-0xff: - S=vo
13,0xc0-0xdf: - S=vo
13,0xe9: - S=vo
14,0xc0-0xdf: - S=vo
14,0xe0-0xe1: - X=ill
14,0xe2-0xe3: - S=vo
14,0xe4: - X=ill
14,0xe8-0xf7: - S=vo
15,0xc0-0xcf: - S=vo
15,0xe0-0xff: - S=vo
16,0xc0-0xc7: - S=vo
16,0xd0-0xef: - S=vo
17,0xc0-0xcf: - S=vo
17,0xd9: - S=vo
17,0xe0-0xff: - S=vo
18,0xc0-0xc7: bad
18,0xe0: - S=vo
18,0xe8-0xf7: - S=vo
"""
