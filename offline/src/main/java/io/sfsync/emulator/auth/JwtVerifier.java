package io.sfsync.emulator.auth;

import com.fasterxml.jackson.databind.JsonNode;

import io.sfsync.emulator.http.Json;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Checks a JWT bearer assertion the way Salesforce does: RS256 signed by the key of a certificate uploaded to the
 * connected app, issued by its consumer key, for a known user, for an accepted audience, not expired. Accepts what
 * real clients send: padded or unpadded base64url, {@code exp} as a number or a string.
 */
final class JwtVerifier {
    /** The parts of a valid assertion that matter to the caller. */
    record Claims(String issuer, String subject) {
    }

    private final List<X509Certificate> certificates;

    JwtVerifier(List<X509Certificate> certificates) {
        this.certificates = certificates;
    }

    Claims verify(String assertion, Collection<String> audiences, Instant now) {
        if (assertion == null || assertion.isBlank()) {
            throw new OAuthException("invalid_request", "assertion is required");
        }
        String[] parts = assertion.split("\\.");
        if (parts.length != 3) {
            throw invalid();
        }
        JsonNode header = decodeJson(parts[0]);
        JsonNode claims = decodeJson(parts[1]);
        if (!"RS256".equals(header.path("alg").asText())) {
            throw new OAuthException("invalid_grant", "invalid assertion: algorithm must be RS256");
        }
        if (!signatureValid(parts)) {
            throw invalid();
        }
        String aud = claims.path("aud").isArray() ? claims.path("aud").path(0).asText() : claims.path("aud").asText();
        if (!audiences.contains(stripSlash(aud))) {
            throw new OAuthException("invalid_grant", "audience is invalid");
        }
        JsonNode exp = claims.path("exp");
        long expSeconds;
        try {
            expSeconds = exp.isNumber() ? exp.asLong() : Long.parseLong(exp.asText().trim());
        } catch (NumberFormatException e) {
            throw invalid();
        }
        if (expSeconds < now.getEpochSecond()) {
            throw new OAuthException("invalid_grant", "expired assertion");
        }
        return new Claims(claims.path("iss").asText(null), claims.path("sub").asText(null));
    }

    private boolean signatureValid(String[] parts) {
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        byte[] sig;
        try {
            sig = decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (X509Certificate cert : certificates) {
            try {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initVerify(cert.getPublicKey());
                s.update(signed);
                if (s.verify(sig)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // A malformed signature for this key: try the next certificate.
            }
        }
        return false;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static OAuthException invalid() {
        return new OAuthException("invalid_grant", "invalid assertion");
    }

    private static byte[] decode(String part) {
        String p = part.replace('+', '-').replace('/', '_');
        while (p.endsWith("=")) {
            p = p.substring(0, p.length() - 1);
        }
        return Base64.getUrlDecoder().decode(p);
    }

    private static JsonNode decodeJson(String part) {
        try {
            return Json.MAPPER.readTree(decode(part));
        } catch (Exception e) {
            throw invalid();
        }
    }
}
