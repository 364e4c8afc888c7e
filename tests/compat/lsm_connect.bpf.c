// SPDX-License-Identifier: GPL-2.0
/*
 * lsm_connect: an LSM program on socket_connect that denies IPv4 connects to
 * one address (tutorial lesson 19). The tutorial blocks 1.1.1.1; this one
 * blocks blockme, a link-local 169.254.77.77 unless --set says otherwise, so
 * that a run where the hook is not active sends nothing off the machine.
 * The hook's earlier verdict (ret) is passed on: a denial cannot be undone.
 * Needs BPF trampolines and bpf among the active LSMs.
 */
#include "vmlinux.h"
#include "compat.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

#define EPERM 1
#define AF_INET 2

const volatile __u32 blockme = 0x4d4dfea9;	/* 169.254.77.77, network order */

SEC("lsm/socket_connect")
int BPF_PROG(restrict_connect, struct socket *sock, struct sockaddr *address, int addrlen,
	     int ret)
{
	/* Satisfying "cannot override a denial" rule */
	if (ret != 0)
		return ret;
	if (address->sa_family != AF_INET)
		return 0;

	struct sockaddr_in *addr = (struct sockaddr_in *)address;
	__u32 dest = addr->sin_addr.s_addr;

	bpf_printk("compat_lsm_connect: connect to %x", __builtin_bswap32(dest));
	if (dest == blockme) {
		bpf_printk("compat_lsm_connect: blocking %x", __builtin_bswap32(dest));
		return -EPERM;
	}
	return 0;
}
