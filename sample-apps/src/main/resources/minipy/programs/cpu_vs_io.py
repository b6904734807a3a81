# Beazley's convoy effect: an I/O-bound thread's response times while a CPU-bound thread runs.
# The I/O thread calls io_echo.roundtrip(D) (a request to a loopback echo server that answers
# after D ms, the GIL released around the socket calls, as CPython does) K times and times each
# call with time.time(); the time includes getting the GIL back afterwards.
# usage: cpu_vs_io.py [both|io] [K] [D]
#   both (default): a CPU-bound thread spins until the I/O thread is done
#   io:             the I/O thread runs alone (the baseline)
#   K:              measured round trips (default 200), after one unmeasured warm-up call
#   D:              the peer's latency in ms (default 1; decimals allowed; 0 = answer at once).
#                   It must exceed the time a waiting thread needs to wake up, or the CPU-bound
#                   thread rarely gets the GIL during the I/O and there is no convoy to see.
# prints: io: mode=<mode> n=<K> delay_ms=<D> p50_ms=<ms> p90_ms=<ms> p99_ms=<ms> max_ms=<ms> elapsed_s=<s>
#         cpu: iterations=<count>     (mode both only, after the io line)
# percentiles are nearest-rank
import sys
import threading
import time
import io_echo

mode = "both"
K = 200
D = 1.0
if len(sys.argv) > 1:
    mode = sys.argv[1]
if len(sys.argv) > 2:
    K = int(sys.argv[2])
if len(sys.argv) > 3:
    D = float(sys.argv[3])
if mode != "both" and mode != "io":
    print("usage: cpu_vs_io.py [both|io] [K] [D]")
    sys.exit(2)

done = False

def spin():
    n = 0
    while not done:
        n += 1
    print("cpu: iterations=" + str(n))

def percentile(sorted_times, p):
    i = (len(sorted_times) * p + 99) // 100 - 1
    if i < 0:
        i = 0
    return sorted_times[i]

def ms(x):
    return str(round(x, 3))

def io_worker(k):
    global done
    io_echo.roundtrip(D)
    times = []
    start = time.time()
    i = 0
    while i < k:
        t0 = time.time()
        io_echo.roundtrip(D)
        times.append((time.time() - t0) * 1000.0)
        i += 1
    elapsed = time.time() - start
    s = sorted(times)
    print("io: mode=" + mode + " n=" + str(k) + " delay_ms=" + str(D) + " p50_ms=" + ms(percentile(s, 50))
          + " p90_ms=" + ms(percentile(s, 90)) + " p99_ms=" + ms(percentile(s, 99))
          + " max_ms=" + ms(s[len(s) - 1]) + " elapsed_s=" + str(round(elapsed, 3)))
    done = True

cpu = None
if mode == "both":
    cpu = threading.Thread(target=spin, name="cpu")
    cpu.start()
io = threading.Thread(target=io_worker, args=(K,), name="io")
io.start()
io.join()
if cpu != None:
    cpu.join()
