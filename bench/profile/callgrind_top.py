#!/usr/bin/python3
"""Top functions of a callgrind file by exclusive instructions (Ir), with their share.

    callgrind_top.py FILE [N]

callgrind_annotate groups costs by source file first, and a Release build without debug
information puts every function in the file "???"; this sums each function's own cost
directly. Each line: instructions, % of the total, function (object)."""
import re
import sys


def top(path, n):
    names, objects = {}, {}
    costs = {}
    fn, ob, skip_next = None, None, False
    total = 0
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith(("fn=", "ob=")):
                m = re.match(r"(fn|ob)=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
                table = names if m.group(1) == "fn" else objects
                if m.group(3) is not None:
                    table[m.group(2)] = m.group(3)
                if m.group(1) == "fn":
                    fn = (table[m.group(2)], objects.get(ob, "?"))
                else:
                    ob = m.group(2)
            elif line.startswith(("cfn=", "cob=")):
                m = re.match(r"(cfn|cob)=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
                if m.group(3) is not None:
                    (names if m.group(1) == "cfn" else objects)[m.group(2)] = m.group(3)
            elif line.startswith("calls="):
                skip_next = True  # the next cost line is the call's inclusive cost
            elif line[:1].isdigit() or line[:1] in "+-*":
                if skip_next:
                    skip_next = False
                    continue
                parts = line.split()
                if len(parts) >= 2 and fn:
                    cost = int(parts[1])
                    costs[fn] = costs.get(fn, 0) + cost
                    total += cost
    ranked = sorted(costs.items(), key=lambda kv: -kv[1])[:n]
    print("%d instructions in all" % total)
    for (name, obj), cost in ranked:
        print("%12d %5.1f%%  %s (%s)" % (cost, 100.0 * cost / total, name[:150], obj.rsplit("/", 1)[-1]))


if __name__ == "__main__":
    top(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25)
