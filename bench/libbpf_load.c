/* The size peer: the smallest libbpf loader that does what `barebpf load`
 * does (open an object, load every map and program, report, exit), linked
 * statically against Debian's libbpf.a the way barebpf's static binary is. */
#include <stdio.h>
#include <bpf/libbpf.h>

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *p;
	int err;

	if (argc != 2)
		return fprintf(stderr, "usage: libbpf_load OBJ\n"), 2;
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj)
		return fprintf(stderr, "libbpf_load: cannot open %s\n", argv[1]), 2;
	err = bpf_object__load(obj);
	bpf_object__for_each_program(p, obj)
		printf("program '%s': %s\n", bpf_program__name(p), err ? "not loaded" : "verified");
	bpf_object__close(obj);
	return err ? 1 : 0;
}
