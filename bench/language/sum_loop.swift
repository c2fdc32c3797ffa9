// A million iterations of a counted loop with an Int accumulator.
var s = 0
for i in 0..<1_000_000 {
    s += i
}
print(s)
