# Start-up reference: the smallest program that prints something.
print(0)
