# A million iterations of a counted loop with an int accumulator (top level, as in a notebook cell).
s = 0
for i in range(1_000_000):
    s += i
print(s)
