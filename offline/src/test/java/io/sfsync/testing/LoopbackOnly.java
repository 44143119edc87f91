package io.sfsync.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that loads the Snowflake JDBC driver (against the offline Snowflake on loopback). Surefire runs
 * these classes in their own fork, started by {@code src/test/scripts/loopback-jdk/bin/java} inside a network namespace that
 * has nothing but loopback ({@code pom.xml}, execution {@code snowflake-driver}); the default execution leaves them
 * out. {@link LoopbackOnlyCondition} checks the namespace before any test of the class runs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(LoopbackOnly.TAG)
@ExtendWith(LoopbackOnlyCondition.class)
public @interface LoopbackOnly {
    /** The JUnit tag of these tests. */
    String TAG = "snowflake-driver";
}
