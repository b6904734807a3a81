# Beazley's countdown, threaded: the work of countdown_seq.py (2 * N) split over T threads,
# each running countdown(2 * N // T) at the same time.
# usage: countdown_threads.py [N] [T]      (T defaults to 2: two threads of N each)
# prints: countdown_threads: n=<N> threads=<T> per_thread=<2N/T> elapsed_s=<seconds>
import sys
import threading
import time

def countdown(n):
    while n > 0:
        n -= 1

N = 40_000_000
T = 2
if len(sys.argv) > 1:
    N = int(sys.argv[1])
if len(sys.argv) > 2:
    T = int(sys.argv[2])
per_thread = 2 * N // T

start = time.time()
threads = []
i = 0
while i < T:
    t = threading.Thread(target=countdown, args=(per_thread,))
    threads.append(t)
    t.start()
    i += 1
i = 0
while i < T:
    threads[i].join()
    i += 1
elapsed = time.time() - start
print("countdown_threads: n=" + str(N) + " threads=" + str(T) + " per_thread=" + str(per_thread)
      + " elapsed_s=" + str(round(elapsed, 3)))
