/**
 * Cloud monotonic-counter anchors behind {@link dev.zkautograd.core.run.Anchor} (DESIGN §5): a
 * DynamoDB conditional write ({@link DynamoDbAnchor}) and a conditional put to an S3-compatible
 * object store such as OCI Object Storage ({@link ObjectStoreAnchor}), the resolver that re-checks
 * their receipts ({@link CloudAnchorResolver}), and the local stand-in server the tests and the demo
 * start ({@link LocalAwsServer}). {@code docs/anchoring.md} says what each guarantees.
 */
package dev.zkautograd.anchor;
