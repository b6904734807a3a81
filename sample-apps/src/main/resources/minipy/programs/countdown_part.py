# Half of countdown_seq.py's work, for the multiprocessing remedy: two processes (JVMs) each
# run this at the same time, together doing what countdown_seq.py does in one.
# usage: countdown_part.py [N]
# prints: countdown_part: n=<N> runs=1 elapsed_s=<seconds>
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
elapsed = time.time() - start
print("countdown_part: n=" + str(N) + " runs=1 elapsed_s=" + str(round(elapsed, 3)))
