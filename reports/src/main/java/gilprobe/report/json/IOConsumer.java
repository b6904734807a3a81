package gilprobe.report.json;

import java.io.IOException;

/** A consumer that may throw {@link IOException}, such as a method writing a report to a writer. */
@FunctionalInterface
public interface IOConsumer<T> {
    void accept(T t) throws IOException;
}
