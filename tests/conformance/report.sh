#!/bin/sh
# tests/conformance/report.sh -- tests/conformance/RESULTS.md from the
# committed TSVs in tests/conformance/results/ (one per kernel, written by
# run.sh; columns: kernel set object barebpf error libbpf1.1 error libbpf1.5
# error cause) and the compile failures under build/conformance/.
set -eu
cd "$(dirname "$0")"
out=RESULTS.md
tsvs=$(ls results/*.tsv)
# Markdown table cells: a "|" would end the cell, and the queue needs only
# the start of a long message.
cell='function cell(s, n) { if (length(s) > n) s = substr(s, 1, n) "…"; gsub(/\|/, "\\|", s); return s }'
{
	echo "# Conformance: barebpf against libbpf"
	echo
	echo "Written by \`make conformance\` (\`tests/conformance/\`, see its README.md);"
	echo "the rows are in \`tests/conformance/results/KERNEL.tsv\`. Each object is loaded"
	echo "with \`barebpf load\`, with libbpf 1.1 (Debian 12's bpftool 7.1, \`bpftool prog"
	echo "loadall\`) and with libbpf 1.5 (Debian 13's bpftool 7.5). A loader \"loads\" an"
	echo "object when every program it loads verifies (bpftool skips \`SEC(\"?...\")\`"
	echo "programs, barebpf loads all)."
	echo
	echo "Sets: \`sel-6.1\` Debian 12's linux-source-6.1 \`tools/testing/selftests/bpf/progs\`"
	echo "built with clang 14; \`sel-6.12\` Debian 13's linux-source-6.12 with clang 19;"
	echo "\`bcc-0.26\`, \`bcc-0.31\` bcc's libbpf-tools as Debian 12 and 13 built them"
	echo "(taken out of the tools' skeletons)."
	echo
	echo "## How many each loads"
	echo
	echo "| kernel | set | objects (not compiled) | barebpf | libbpf 1.1 | libbpf 1.5 | libbpf loads, barebpf not | barebpf loads, libbpf neither |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
	for s in $(cut -f2 $tsvs | awk '!seen[$0]++'); do
		nc=$(ls ../../build/conformance/$s/failed 2>/dev/null | wc -l)
		awk -F'\t' -v s="$s" -v nc="$nc" '$2 == s {
			k = $1; n[k]++; b[k] += $4 == "ok"; l1[k] += $6 == "ok"; l5[k] += $8 == "ok"
			w[k] += $4 != "ok" && ($6 == "ok" || $8 == "ok")
			v[k] += $4 == "ok" && $6 != "ok" && $8 != "ok" }
			END { for (k in n) printf "| %s | %s | %d (%d) | %d | %d | %d | %d | %d |\n", k, s, n[k], nc, b[k], l1[k], l5[k], w[k], v[k] }' $tsvs
	done
	echo
	echo "## libbpf loads, barebpf does not (the work queue)"
	echo
	echo "Grouped by the cause read from barebpf's first error (\`cause.sh\`); \"libbpf\""
	echo "shows the other version's error when only one of them loads."
	awk -F'\t' '$4 != "ok" && ($6 == "ok" || $8 == "ok") { print $10 }' $tsvs | sort | uniq -c | sort -rn |
	while read -r count cause; do
		echo
		echo "### $cause ($count)"
		echo
		echo "| kernel | set | object | barebpf | libbpf 1.1 | libbpf 1.5 |"
		echo "| --- | --- | --- | --- | --- | --- |"
		awk -F'\t' -v c="$cause" "$cell"'
			$4 != "ok" && ($6 == "ok" || $8 == "ok") && $10 == c {
			printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, cell($4 ": " $5, 220),
				$6 == "ok" ? "ok" : cell($7, 120), $8 == "ok" ? "ok" : cell($9, 120) }' $tsvs
	done
	echo
	echo "## barebpf loads, neither libbpf does"
	echo
	echo "| kernel | set | object | libbpf 1.1 | libbpf 1.5 |"
	echo "| --- | --- | --- | --- | --- |"
	awk -F'\t' "$cell"' $4 == "ok" && $6 != "ok" && $8 != "ok" {
		printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, cell($7, 160), cell($9, 160) }' $tsvs
	echo
	echo "## Nobody loads: barebpf's causes"
	echo
	echo "Objects no loader loads here (mostly what this kernel refuses, or what"
	echo "needs bpf_testmod or a user-space loader's setup), counted by barebpf's cause."
	echo
	echo "| kernel | cause | objects |"
	echo "| --- | --- | --- |"
	awk -F'\t' '$4 != "ok" && $6 != "ok" && $8 != "ok" { n[$1 "\t" $10]++ }
		END { for (k in n) { split(k, a, "\t"); printf "| %s | %s | %d |\n", a[1], a[2], n[k] } }' $tsvs | sort -t'|' -k4 -rn
	echo
	echo "## Did not compile"
	echo
	for d in ../../build/conformance/*/failed; do
		[ -n "$(ls "$d")" ] || continue
		s=${d%/failed}
		echo "- \`${s##*/}\`: $(ls "$d" | tr '\n' ' ')"
	done
} >"$out"
echo "tests/conformance/$out"
