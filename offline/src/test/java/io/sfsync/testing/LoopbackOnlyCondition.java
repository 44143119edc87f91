package io.sfsync.testing;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a {@link LoopbackOnly} test only in a JVM whose network has nothing but loopback interfaces, so the Snowflake
 * driver cannot reach any address off this machine. Elsewhere the test is skipped with one line, except under
 * {@code CI=true}, where a skip would hide that the Snowflake tests did not run: there it fails.
 */
public final class LoopbackOnlyCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<String> others = nonLoopbackInterfaces();
        if (others.isEmpty()) {
            return ConditionEvaluationResult.enabled("only loopback in this network namespace");
        }
        String why = "the Snowflake driver tests need a network namespace with nothing but loopback, and this JVM sees "
                + others + " (run them through mvn test, whose snowflake-driver execution starts them inside one;"
                + " that needs unshare and ip from util-linux and iproute2)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true: " + why);
        }
        System.err.println("SKIPPED " + context.getDisplayName() + ": " + why);
        return ConditionEvaluationResult.disabled(why);
    }

    /** Names of the interfaces that are up and not loopback. */
    public static List<String> nonLoopbackInterfaces() {
        List<String> names = new ArrayList<>();
        try {
            for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (i.isUp() && !i.isLoopback()) {
                    names.add(i.getName());
                }
            }
        } catch (SocketException e) {
            names.add("(interfaces cannot be listed: " + e.getMessage() + ")");
        }
        return names;
    }
}
