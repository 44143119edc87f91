package io.sfsync.emulator.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sfsync.emulator.ApiException;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.http.HttpCall;
import io.sfsync.emulator.http.Json;
import io.sfsync.emulator.http.Reply;
import io.sfsync.emulator.model.Org;
import io.sfsync.emulator.model.RowView;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth 2.0 as Salesforce serves it on both the login and the instance host: the token endpoint with the password,
 * refresh token, client credentials and JWT bearer grants; revoke; userinfo; the identity URL; and the check of the
 * bearer token on every API call.
 */
public final class AuthService {
    private static final String GRANT_JWT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /** A live session. */
    public record Session(String token, String userId, long issuedAt) {
    }

    private final EmulatorConfig config;
    private final Org org;
    private final JwtVerifier jwt;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Long> lastUsed = new ConcurrentHashMap<>();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private volatile String baseUrl;

    public AuthService(EmulatorConfig config, Org org) {
        this.config = config;
        this.org = org;
        this.jwt = new JwtVerifier(config.jwtCertificates());
        if (config.refreshToken() != null) {
            refreshTokens.add(config.refreshToken());
        }
    }

    /** Set once the server knows its port: the login URL, which is also the instance URL. */
    public void baseUrl(String url) {
        this.baseUrl = url;
    }

    /** {@code POST /services/oauth2/token}. */
    public Reply token(HttpCall call) {
        if (!call.method().equals("POST")) {
            throw new OAuthException("invalid_request", "must use HTTP POST");
        }
        Map<String, String> form = call.form();
        String grant = form.get("grant_type");
        if (grant == null) {
            throw new OAuthException("unsupported_grant_type", "grant type not supported");
        }
        ObjectNode out;
        switch (grant) {
            case "password" -> {
                checkClient(form, true);
                if (!config.username().equalsIgnoreCase(form.getOrDefault("username", ""))
                        || !passwordMatches(form.getOrDefault("password", ""))) {
                    throw new OAuthException("invalid_grant", "authentication failure");
                }
                out = issue(org.integrationUserId(), true, null);
            }
            case "refresh_token" -> {
                checkClient(form, form.containsKey("client_secret"));
                String rt = form.get("refresh_token");
                if (rt == null || !refreshTokens.contains(rt)) {
                    throw new OAuthException("invalid_grant", "expired access/refresh token");
                }
                out = issue(org.integrationUserId(), true, "refresh_token api id");
            }
            case "client_credentials" -> {
                checkClient(form, true);
                if (!config.clientCredentialsEnabled()) {
                    throw new OAuthException("invalid_grant", "no client credentials user enabled");
                }
                out = issue(org.integrationUserId(), true, "api id");
            }
            case GRANT_JWT -> {
                Set<String> audiences = new LinkedHashSet<>(config.jwtAudiences());
                audiences.add(baseUrl);
                audiences.add(baseUrl.replace("127.0.0.1", "localhost"));
                audiences.add("https://login.salesforce.com");
                audiences.add("https://test.salesforce.com");
                JwtVerifier.Claims claims = jwt.verify(form.get("assertion"), audiences, org.clock().now());
                if (!config.clientId().equals(claims.issuer())) {
                    throw new OAuthException("invalid_client_id", "client identifier invalid");
                }
                if (!config.username().equalsIgnoreCase(String.valueOf(claims.subject()))) {
                    throw new OAuthException("invalid_grant", "user hasn't approved this consumer");
                }
                out = issue(org.integrationUserId(), false, "api id");
            }
            default -> throw new OAuthException("unsupported_grant_type", "grant type not supported");
        }
        return Reply.json(200, Json.bytes(out));
    }

    private boolean passwordMatches(String given) {
        return given.equals(config.password()) || given.equals(config.password() + config.securityToken());
    }

    private void checkClient(Map<String, String> form, boolean secretRequired) {
        if (!config.clientId().equals(form.get("client_id"))) {
            throw new OAuthException("invalid_client_id", "client identifier invalid");
        }
        if (secretRequired && !config.clientSecret().equals(form.get("client_secret"))) {
            throw new OAuthException("invalid_client", "invalid client credentials");
        }
    }

    private ObjectNode issue(String userId, boolean signed, String scope) {
        byte[] secret = new byte[48];
        random.nextBytes(secret);
        String token = org.orgId().substring(0, 15) + "!" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(secret).replace('-', '.').replace('_', '.');
        long issuedAt = org.clock().nowMillis().toEpochMilli();
        sessions.put(token, new Session(token, userId, issuedAt));
        lastUsed.put(token, System.nanoTime());
        String id = identityUrl(userId);
        ObjectNode out = Json.object();
        out.put("access_token", token);
        if (scope != null) {
            out.put("scope", scope);
        }
        out.put("instance_url", baseUrl);
        out.put("id", id);
        out.put("token_type", "Bearer");
        if (signed) {
            out.put("issued_at", Long.toString(issuedAt));
            out.put("signature", sign(id + issuedAt));
        }
        return out;
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.clientSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String identityUrl(String userId) {
        return baseUrl + "/id/" + org.orgId() + "/" + userId;
    }

    /** {@code GET|POST /services/oauth2/revoke?token=..}: 200 when revoked, 400 for a token it does not know. */
    public Reply revoke(HttpCall call) {
        String token = call.form().get("token");
        if (token != null && sessions.remove(token) != null) {
            lastUsed.remove(token);
            return Reply.empty(200);
        }
        if (token != null && refreshTokens.remove(token)) {
            return Reply.empty(200);
        }
        throw new OAuthException("unsupported_token_type", "this token type is not supported");
    }

    /** The session of a request's bearer token; 401 INVALID_SESSION_ID when there is none or it has expired. */
    public Session authenticate(HttpCall call) {
        String auth = call.header("Authorization");
        String token = null;
        if (auth != null) {
            String a = auth.trim();
            int sp = a.indexOf(' ');
            String scheme = sp < 0 ? "" : a.substring(0, sp);
            if (scheme.equalsIgnoreCase("Bearer") || scheme.equalsIgnoreCase("OAuth")) {
                token = a.substring(sp + 1).trim();
            }
        }
        if (token == null) {
            token = call.param("oauth_token");
        }
        Session s = token == null ? null : sessions.get(token);
        if (s != null) {
            Long last = lastUsed.get(token);
            if (last != null && System.nanoTime() - last > config.sessionTimeout().toNanos()) {
                sessions.remove(token);
                s = null;
            } else {
                lastUsed.put(token, System.nanoTime());
            }
        }
        if (s == null) {
            throw new ApiException(401, "INVALID_SESSION_ID", "Session expired or invalid");
        }
        return s;
    }

    /** Ends every session now: the next call with any current token gets 401 INVALID_SESSION_ID. */
    public int expireAllSessions() {
        int n = sessions.size();
        sessions.clear();
        lastUsed.clear();
        return n;
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** {@code GET /id/{orgId}/{userId}}: the identity service. */
    public Reply identity(HttpCall call, String orgId, String userId) {
        Session s = authenticate(call);
        if (!org.orgId().equals(orgId) || !s.userId().equals(userId)) {
            throw new OAuthException("Bad_Id", "Bad_Id");
        }
        RowView user = org.byId(userId);
        var userType = org.find("User");
        String first = (String) user.get(userType.field("FirstName"));
        String last = (String) user.get(userType.field("LastName"));
        String email = (String) user.get(userType.field("Email"));
        String username = (String) user.get(userType.field("Username"));
        ObjectNode out = Json.object();
        out.put("id", identityUrl(userId));
        out.put("asserted_user", true);
        out.put("user_id", userId);
        out.put("organization_id", orgId);
        out.put("username", config.username().equalsIgnoreCase(username) ? username : config.username());
        out.put("nick_name", "integration");
        out.put("display_name", first + " " + last);
        out.put("email", email);
        out.put("email_verified", true);
        out.put("first_name", first);
        out.put("last_name", last);
        out.put("timezone", "GMT");
        ObjectNode photos = out.putObject("photos");
        photos.put("picture", baseUrl + "/img/userprofile/default_profile_200_v2.png");
        photos.put("thumbnail", baseUrl + "/img/userprofile/default_profile_45_v2.png");
        out.putNull("addr_street");
        out.putNull("addr_city");
        out.putNull("addr_state");
        out.put("addr_country", "US");
        out.putNull("addr_zip");
        out.putNull("mobile_phone");
        out.put("mobile_phone_verified", false);
        out.put("is_lightning_login_user", false);
        out.putObject("status").putNull("created_date").putNull("body");
        ObjectNode urls = out.putObject("urls");
        String data = baseUrl + "/services/data/v{version}/";
        urls.put("enterprise", baseUrl + "/services/Soap/c/{version}/" + orgId.substring(0, 15));
        urls.put("metadata", baseUrl + "/services/Soap/m/{version}/" + orgId.substring(0, 15));
        urls.put("partner", baseUrl + "/services/Soap/u/{version}/" + orgId.substring(0, 15));
        urls.put("rest", data);
        urls.put("sobjects", data + "sobjects/");
        urls.put("search", data + "search/");
        urls.put("query", data + "query/");
        urls.put("recent", data + "recent/");
        urls.put("tooling_soap", baseUrl + "/services/Soap/T/{version}/" + orgId.substring(0, 15));
        urls.put("tooling_rest", data + "tooling/");
        urls.put("profile", baseUrl + "/" + userId);
        urls.put("feeds", data + "chatter/feeds");
        urls.put("groups", data + "chatter/groups");
        urls.put("users", data + "chatter/users");
        urls.put("feed_items", data + "chatter/feed-items");
        urls.put("feed_elements", data + "chatter/feed-elements");
        urls.put("custom_domain", baseUrl);
        out.put("active", true);
        out.put("user_type", "STANDARD");
        out.put("language", "en_US");
        out.put("locale", "en_US");
        out.put("utcOffset", 0);
        out.put("last_modified_date", "2026-01-01T00:00:00Z");
        out.put("is_app_installed", true);
        return Reply.json(200, Json.bytes(out));
    }

    /** {@code GET|POST /services/oauth2/userinfo}: the OpenID Connect userinfo of the session's user. */
    public Reply userinfo(HttpCall call) {
        Session s = authenticate(call);
        RowView user = org.byId(s.userId());
        var userType = org.find("User");
        ObjectNode out = Json.object();
        out.put("sub", identityUrl(s.userId()));
        out.put("user_id", s.userId());
        out.put("organization_id", org.orgId());
        out.put("preferred_username", config.username());
        out.put("nickname", "integration");
        out.put("name", (String) user.get(userType.field("Name")));
        out.put("email", (String) user.get(userType.field("Email")));
        out.put("email_verified", true);
        out.put("given_name", (String) user.get(userType.field("FirstName")));
        out.put("family_name", (String) user.get(userType.field("LastName")));
        out.put("zoneinfo", "GMT");
        out.put("profile", baseUrl + "/" + s.userId());
        out.put("active", true);
        out.put("user_type", "STANDARD");
        out.put("language", "en_US");
        out.put("locale", "en_US");
        out.put("utcOffset", 0);
        out.put("updated_at", "2026-01-01T00:00:00Z");
        out.put("is_app_installed", true);
        ObjectNode urls = out.putObject("urls");
        urls.put("rest", baseUrl + "/services/data/v{version}/");
        urls.put("sobjects", baseUrl + "/services/data/v{version}/sobjects/");
        urls.put("query", baseUrl + "/services/data/v{version}/query/");
        return Reply.json(200, Json.bytes(out));
    }
}
