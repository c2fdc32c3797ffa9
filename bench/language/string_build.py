# 10,000 f-string interpolations appended to one growing str.
s = ""
for i in range(10_000):
    s += f"{i},"
print(len(s))
