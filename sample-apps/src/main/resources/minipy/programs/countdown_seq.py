# Beazley's countdown, sequential: countdown(N) twice, one after the other.
# usage: countdown_seq.py [N]
# prints: countdown_seq: n=<N> runs=2 elapsed_s=<seconds>
import sys
import time

def countdown(n):
    while n > 0:
        n -= 1

N = 40_000_000
if len(sys.argv) > 1:
    N = int(sys.argv[1])

start = time.time()
countdown(N)
countdown(N)
elapsed = time.time() - start
print("countdown_seq: n=" + str(N) + " runs=2 elapsed_s=" + str(round(elapsed, 3)))
