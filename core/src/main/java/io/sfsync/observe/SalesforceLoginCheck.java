package io.sfsync.observe;

import io.sfsync.salesforce.SfsyncSalesforce;
import io.sfsync.sync.Secrets;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceHttpClient;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.internal.SalesforceSession;

/**
 * Readiness: whether Salesforce accepts sfsync's login now. Each probe logs in afresh with the login configuration of
 * sfsync's Salesforce component ({@code sfsync-salesforce}) (a session of its own, never the component's cached one) and revokes that session again unless
 * Salesforce handed back the session the component is using; it probes at most once per {@code sfsync.health.login-check-seconds}, because an org limits logins per user and hour.
 */
public final class SalesforceLoginCheck extends CachedCheck {
    private final CamelContext context;

    public SalesforceLoginCheck(CamelContext context, Duration period, Clock clock) {
        super("sfsync-salesforce-login", period, clock);
        this.context = context;
    }

    @Override
    protected String probe() {
        SalesforceComponent sf = SfsyncSalesforce.of(context);
        if (sf == null || sf.getHttpClient() == null
                || sf.getLoginConfig() == null) {
            return "sfsync's Salesforce component (" + SfsyncSalesforce.NAME + ") has not started";
        }
        String loginUrl = sf.getLoginConfig().getLoginUrl();
        try {
            SalesforceHttpClient http = sf.getHttpClient();
            SalesforceSession session = new SalesforceSession(context, http, http.getTimeout(), sf.getLoginConfig());
            String token = session.login(null);
            // Salesforce may hand the same user and connected app the session it already has: revoking that one
            // would end the session the component's runs are using. Only a token of the probe's own is revoked.
            String inUse = sf.getSession() == null ? null : sf.getSession().getAccessToken();
            if (token != null && !token.equals(inUse)) {
                try {
                    session.logout();
                } catch (SalesforceException e) {
                    // The login worked, which is what this check is about; the token expires on its own.
                }
            }
            return null;
        } catch (SalesforceException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Secrets.mask("Salesforce refused the login at " + loginUrl + ": " + why,
                    Arrays.asList(sf.getClientSecret(), sf.getPassword(), sf.getRefreshToken()));
        }
    }
}
