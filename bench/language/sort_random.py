# 100,000 seeded random floats: generate, sort, then check the order with an indexed loop.
import random

random.seed(1)
xs = []
for _ in range(100_000):
    xs.append(random.random())
xs.sort()
ordered = True
for i in range(1, len(xs)):
    if xs[i - 1] > xs[i]:
        ordered = False
print(len(xs), "true" if ordered else "false")
