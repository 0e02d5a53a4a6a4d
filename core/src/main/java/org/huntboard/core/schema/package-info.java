/**
 * Table schemas: the columns and types of the tables a query can name, per {@link
 * org.huntboard.core.schema.Dialect} (Defender XDR or Sentinel). {@link
 * org.huntboard.core.schema.SchemaCatalog#builtIn} loads the schema files shipped in core's
 * resources; {@link org.huntboard.core.schema.SchemaLoader} reads such a file with located errors.
 */
package org.huntboard.core.schema;
