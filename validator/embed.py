#!/usr/bin/env python3
"""Turns a text file into a C array, so the built-in schema ships inside
the binary and `filterc` works from any directory."""
import sys

src, out, name = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(src, "rb").read()
with open(out, "w") as f:
    f.write("/* generated from %s */\n" % src.split("/")[-1])
    f.write("const char %s[] = {\n" % name)
    for i in range(0, len(data), 16):
        f.write("  " + ", ".join("0x%02x" % b for b in data[i:i + 16]) + ",\n")
    f.write("  0x00};\n")
    f.write("const unsigned long %s_LEN = %d;\n" % (name, len(data)))
