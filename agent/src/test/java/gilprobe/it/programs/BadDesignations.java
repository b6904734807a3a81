package gilprobe.it.programs;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** Fields that designations may wrongly name (see DesignationWarningsIT); uses each of them a little. */
public final class BadDesignations {
    static int count;
    static String name = "gil";
    static final ReentrantReadWriteLock RW = new ReentrantReadWriteLock();
    static final Object MONITOR = new Object();
    static final Lock GOOD = new ReentrantLock();

    public static void main(String[] args) {
        for (int i = 0; i < 1000; i++) {
            synchronized (MONITOR) {
                count++;
            }
            RW.readLock().lock();
            try {
                count += name.length();
            } finally {
                RW.readLock().unlock();
            }
            GOOD.lock();
            try {
                count--;
            } finally {
                GOOD.unlock();
            }
        }
        System.out.println("count=" + count);
    }
}
