/**
 * Secret material (signing seeds, blinding seeds) behind a type that makes every read explicit:
 * {@link dev.zkautograd.core.secret.SecretBytes} and the {@link
 * dev.zkautograd.core.secret.InsecureSecretAccess} token, after Google Tink.
 */
package dev.zkautograd.core.secret;
