package io.sfsync.emulator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.TestClient;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OAuth endpoints as any HTTP client sees them. */
class OAuthIT {
    private static SalesforceEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 10).build());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static Map<String, String> password(String pw) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "password");
        f.put("client_id", EmulatorConfig.DEMO_CLIENT_ID);
        f.put("client_secret", EmulatorConfig.DEMO_CLIENT_SECRET);
        f.put("username", EmulatorConfig.DEMO_USERNAME);
        f.put("password", pw);
        return f;
    }

    private static JsonNode token(Map<String, String> form, int status) {
        var r = new TestClient(emulator.baseUrl()).post("/services/oauth2/token",
                "application/x-www-form-urlencoded", TestClient.form(form));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
        return TestClient.json(r.body());
    }

    @Test
    void shouldIssueATokenResponseInTheShapeClientsParse() {
        JsonNode t = token(password(EmulatorConfig.DEMO_PASSWORD + EmulatorConfig.DEMO_SECURITY_TOKEN), 200);
        assertThat(t.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(t.get("instance_url").asText()).isEqualTo(emulator.baseUrl());
        assertThat(t.get("access_token").asText()).startsWith("00DDm0000000001!");
        assertThat(t.get("issued_at").isTextual()).isTrue();
        assertThat(t.get("signature").asText()).isNotBlank();
        String id = t.get("id").asText();
        // camel takes the org id from the 18 characters after the first "id/"; other clients the last two segments.
        int at = id.indexOf("id/") + 3;
        assertThat(id.substring(at, at + 18)).isEqualTo(emulator.org().orgId());
        assertThat(id).endsWith("/" + emulator.org().orgId() + "/" + emulator.org().integrationUserId());
    }

    @Test
    void shouldAnswerOAuthErrorsAs400JsonObjects() {
        JsonNode bad = token(password("wrong"), 400);
        assertThat(bad.get("error").asText()).isEqualTo("invalid_grant");
        assertThat(bad.get("error_description").asText()).isEqualTo("authentication failure");
        Map<String, String> f = password(EmulatorConfig.DEMO_PASSWORD);
        f.put("client_id", "nobody");
        assertThat(token(f, 400).get("error").asText()).isEqualTo("invalid_client_id");
        f = password(EmulatorConfig.DEMO_PASSWORD);
        f.put("client_secret", "nope");
        assertThat(token(f, 400).get("error").asText()).isEqualTo("invalid_client");
        f.put("grant_type", "authorization_code");
        assertThat(token(f, 400).get("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(token(Map.of("grant_type", "refresh_token", "client_id", EmulatorConfig.DEMO_CLIENT_ID,
                "refresh_token", "stale"), 400).get("error_description").asText())
                .isEqualTo("expired access/refresh token");
    }

    @Test
    void shouldIssueTokensForRefreshTokenAndClientCredentials() {
        JsonNode refreshed = token(Map.of("grant_type", "refresh_token", "client_id", EmulatorConfig.DEMO_CLIENT_ID,
                "client_secret", EmulatorConfig.DEMO_CLIENT_SECRET, "refresh_token",
                EmulatorConfig.DEMO_REFRESH_TOKEN), 200);
        assertThat(refreshed.get("access_token").asText()).isNotBlank();
        JsonNode cc = token(Map.of("grant_type", "client_credentials", "client_id", EmulatorConfig.DEMO_CLIENT_ID,
                "client_secret", EmulatorConfig.DEMO_CLIENT_SECRET), 200);
        assertThat(cc.get("access_token").asText()).isNotEqualTo(refreshed.get("access_token").asText());
    }

    @Test
    void shouldRevokeWithGetAndPostAndThenRejectTheToken() {
        TestClient a = new TestClient(emulator.baseUrl()).login();
        assertThat(a.get("/services/data/v62.0/limits").statusCode()).isEqualTo(200);
        assertThat(new TestClient(emulator.baseUrl()).get("/services/oauth2/revoke?token=" + a.token())
                .statusCode()).isEqualTo(200);
        var rejected = a.get("/services/data/v62.0/limits");
        assertThat(rejected.statusCode()).isEqualTo(401);
        assertThat(TestClient.json(rejected.body()).get(0).get("errorCode").asText()).isEqualTo("INVALID_SESSION_ID");

        TestClient b = new TestClient(emulator.baseUrl()).login();
        assertThat(new TestClient(emulator.baseUrl()).post("/services/oauth2/revoke",
                "application/x-www-form-urlencoded", "token=" + b.token()).statusCode()).isEqualTo(200);
        assertThat(b.get("/services/data/v62.0/limits").statusCode()).isEqualTo(401);
        var unknown = new TestClient(emulator.baseUrl()).get("/services/oauth2/revoke?token=nothing");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(TestClient.json(unknown.body()).get("error").asText()).isEqualTo("unsupported_token_type");
    }

    @Test
    void shouldServeUserinfoAndTheIdentityUrl() {
        TestClient c = new TestClient(emulator.baseUrl()).login();
        JsonNode info = TestClient.json(c.get("/services/oauth2/userinfo").body());
        assertThat(info.get("preferred_username").asText()).isEqualTo(EmulatorConfig.DEMO_USERNAME);
        assertThat(info.get("organization_id").asText()).isEqualTo(emulator.org().orgId());
        String idPath = "/id/" + emulator.org().orgId() + "/" + emulator.org().integrationUserId();
        JsonNode identity = TestClient.json(c.get(idPath).body());
        assertThat(identity.get("username").asText()).isEqualTo(EmulatorConfig.DEMO_USERNAME);
        assertThat(identity.get("urls").get("rest").asText()).isEqualTo(emulator.baseUrl()
                + "/services/data/v{version}/");
        assertThat(new TestClient(emulator.baseUrl()).get(idPath).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldAnswer401ForAMissingTokenAndCountNothing() {
        long before = emulator.limits().remaining("DailyApiRequests");
        var r = new TestClient(emulator.baseUrl()).get("/services/data/v62.0/sobjects/");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("INVALID_SESSION_ID");
        assertThat(emulator.limits().remaining("DailyApiRequests")).isEqualTo(before);
    }
}
