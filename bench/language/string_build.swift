// 10,000 interpolations appended to one growing String.
var s = ""
for i in 0..<10_000 {
    s += "\(i),"
}
print(s.count)
