package dev.understudy.cli;

import dev.understudy.dataset.build.BuildOptions;

/**
 * `--engine spark`: the Spark job lives in module dataset-spark, which is not on the CLI's class
 * path (Spark stays out of the recorder's build); the launcher puts it there
 * (`./understudy dataset build --engine spark ...`). Reached by reflection so the CLI does not
 * depend on it.
 */
final class SparkEngine {
    static final String JOB = "dev.understudy.dataset.spark.SparkDatasetJob";

    private SparkEngine() {}

    static int run(BuildOptions o, Output output) {
        Class<?> job;
        try {
            job = Class.forName(JOB);
        } catch (ClassNotFoundException e) {
            throw new UserException("the Spark engine is not on the class path: run it through the launcher (./understudy dataset build --engine spark ...)");
        }
        try {
            Object line = job.getMethod("runForCli", BuildOptions.class, java.io.PrintWriter.class).invoke(null, o, output.err());
            output.out().println(line);
            return 0;
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof IllegalArgumentException || c instanceof IllegalStateException) throw new UserException(c.getMessage());
            throw new RuntimeException(c);
        } catch (ReflectiveOperationException e) {
            throw new UserException("the Spark engine on the class path does not match this build: " + e.getMessage());
        }
    }
}
