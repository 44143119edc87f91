package io.sfsync.snowflakeemulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Verifies the JWT of a key-pair login (authenticator SNOWFLAKE_JWT) as Snowflake documents it ("Key-pair
 * authentication"; the driver builds it in SessionUtilKeyPair): RS256, {@code iss}
 * {@code ACCOUNT.USER.SHA256:<base64 SHA-256 of the public key's DER>}, {@code sub} {@code ACCOUNT.USER}, {@code iat}
 * and {@code exp} at most an hour apart and around now, signed by one of the user's registered public keys.
 */
final class KeyPairJwt {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_LIFETIME = Duration.ofHours(1);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

    private KeyPairJwt() {
    }

    /**
     * Checks a token for a user. {@code accounts} are the account names the token may name (the configured account,
     * and the one the driver derives from the host it connected to). Returns normally when the token is good.
     */
    static void verify(String token, String user, Collection<String> accounts, List<byte[]> publicKeys, Instant now)
            throws ProtocolError {
        if (token == null || publicKeys.isEmpty()) {
            throw ProtocolError.jwtInvalid();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw ProtocolError.jwtInvalid();
        }
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        if (!"RS256".equals(header.path("alg").asText())) {
            throw ProtocolError.jwtInvalid();
        }
        String iss = claims.path("iss").asText("");
        String sub = claims.path("sub").asText("");
        int fp = iss.lastIndexOf(".SHA256:");
        if (fp < 0 || !iss.substring(0, fp).equals(sub)) {
            throw ProtocolError.jwtInvalid();
        }
        int dot = sub.lastIndexOf('.');
        if (dot < 1) {
            throw ProtocolError.jwtInvalid();
        }
        String account = sub.substring(0, dot).toUpperCase(Locale.ROOT);
        String subject = sub.substring(dot + 1);
        if (!subject.equalsIgnoreCase(user) || accounts.stream().noneMatch(a -> a.equalsIgnoreCase(account))) {
            throw ProtocolError.jwtInvalid();
        }
        long iat = claims.path("iat").asLong(Long.MIN_VALUE);
        long exp = claims.path("exp").asLong(Long.MIN_VALUE);
        if (iat == Long.MIN_VALUE || exp == Long.MIN_VALUE || exp <= iat
                || exp - iat > MAX_LIFETIME.toSeconds()
                || Instant.ofEpochSecond(iat).isAfter(now.plus(CLOCK_SKEW))
                || !Instant.ofEpochSecond(exp).isAfter(now.minus(CLOCK_SKEW))) {
            throw ProtocolError.jwtInvalid();
        }
        String fingerprint = iss.substring(fp + 1);
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = base64Url(parts[2]);
        for (byte[] der : publicKeys) {
            if (fingerprint.equals(fingerprint(der)) && signatureValid(der, signed, signature)) {
                return;
            }
        }
        throw ProtocolError.jwtInvalid();
    }

    /** {@code SHA256:<base64>} of a public key's DER, as Snowflake's DESC USER shows RSA_PUBLIC_KEY_FP. */
    static String fingerprint(byte[] der) {
        try {
            return "SHA256:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean signatureValid(byte[] der, byte[] signed, byte[] signature) {
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static JsonNode decode(String part) throws ProtocolError {
        try {
            return JSON.readTree(base64Url(part));
        } catch (java.io.IOException e) {
            throw ProtocolError.jwtInvalid();
        }
    }

    private static byte[] base64Url(String part) throws ProtocolError {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw ProtocolError.jwtInvalid();
        }
    }
}
