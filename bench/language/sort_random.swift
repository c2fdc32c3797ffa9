// 100,000 seeded random Doubles: generate, sort, then check the order with an indexed loop.
seed(1)
var xs = [Double]()
for _ in 0..<100_000 {
    xs.append(Double.random(in: 0..<1))
}
xs.sort()
var ordered = true
for i in 1..<xs.count {
    if xs[i - 1] > xs[i] {
        ordered = false
    }
}
print(xs.count, ordered)
