/* Renders a value read from a map or an event as text or JSON, using the BTF
 * type that describes it. Makes no system calls and never prints. */
#ifndef BAREBPF_BTF_DUMP_H
#define BAREBPF_BTF_DUMP_H

#include <stddef.h>

#include "strbuf.h"

struct bb_btf;

enum bb_dump_fmt { BB_DUMP_TEXT, BB_DUMP_JSON };

/*
 * Appends the rendering of the value of type type_id held in data (size
 * bytes) to out, on one line without a newline.
 *
 * TEXT: a struct or union is name=value pairs separated by spaces, in {...}
 * when nested; arrays are [a b c]; integers decimal; bool true/false; enums
 * by enumerator name (the number when none matches); pointers 0x...; a char
 * array is a quoted string up to its first NUL with \" \\ \n \t \r \xNN
 * escapes, or 0x and its bytes in hex when it holds binary data; floats %g.
 * JSON: compact RFC 8259; structs are objects, arrays lists, enums strings,
 * integers numbers (128-bit ones and pointers are "0x..." strings), binary
 * char arrays lists of byte values, NaN and infinities strings.
 * Anonymous struct and union members are flattened into their parent, as C
 * names them. Every member of a union is rendered.
 *
 * When the type is larger than the data, what fits is rendered: a char array
 * keeps its bytes that are present, a value only partly present is left out,
 * and nothing after it is rendered. TEXT marks the cut with " ..." in the
 * innermost struct or array that was cut (a bare "..." when nothing fits);
 * JSON adds "__truncated":true to every object that was cut, and ends cut
 * lists early (null when nothing fits).
 *
 * VAR types render their variable's type; a DATASEC renders its variables as
 * members, at the offsets of its records. clang leaves those 0 and opening
 * the object fills them in; a DATASEC whose variables overlap is refused.
 *
 * Returns 0, -EINVAL for malformed BTF (bad ids, type loops, nesting deeper
 * than 32, a kind that holds no value, names that are not C identifiers),
 * -E2BIG when the rendering would be absurdly large (pathological BTF), or
 * -ENOMEM. On error out is left as it was.
 */
int bb_btf_dump(const struct bb_btf *btf, unsigned int type_id, const void *data, size_t size,
		enum bb_dump_fmt fmt, struct bb_strbuf *out);

/* For data without BTF: "01 02 03 04 05 06 07 08  09 0a", an extra space
 * between groups of eight bytes; nothing for size 0. Returns 0 or -ENOMEM. */
int bb_hex_dump(const void *data, size_t size, struct bb_strbuf *out);

#endif
