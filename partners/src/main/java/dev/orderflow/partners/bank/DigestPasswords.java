package dev.orderflow.partners.bank;

import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.apache.wss4j.common.ext.WSPasswordCallback;
import org.apache.wss4j.dom.WSConstants;

/**
 * The users WSS4J checks UsernameTokens against, digests only. Spring WS's
 * {@code SimplePasswordValidationCallbackHandler} would also accept a PasswordText token (the
 * password itself on the wire), and WSS4J's required-password-type option is not reachable through
 * Spring WS's interceptor; refusing the text form here is the one rule this adds.
 */
final class DigestPasswords implements CallbackHandler {

    private final Map<String, String> users;

    DigestPasswords(Map<String, String> users) {
        this.users = Map.copyOf(users);
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (!(callback instanceof WSPasswordCallback token)
                    || token.getUsage() != WSPasswordCallback.USERNAME_TOKEN) {
                throw new UnsupportedCallbackException(callback, "only UsernameTokens are accepted");
            }
            if (!WSConstants.PASSWORD_DIGEST.equals(token.getType())) {
                throw new UnsupportedCallbackException(callback, "only PasswordDigest tokens are accepted");
            }
            String password = users.get(token.getIdentifier());
            if (password != null) {
                token.setPassword(password); // an unknown user gets none, and fails authentication
            }
        }
    }
}
