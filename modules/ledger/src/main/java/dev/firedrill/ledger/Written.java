package dev.firedrill.ledger;

/**
 * The outcome of {@code POST /entries}: the committed entry, the database server that answered, and
 * whether this request created it (201) or found it from an earlier request with the same id (200).
 *
 * @param entry the entry as stored
 * @param node the answering server: {@code <system_identifier>@<address>:<port>}
 * @param created true when this request's transaction inserted the row
 */
record Written(Entry entry, String node, boolean created) {
}
