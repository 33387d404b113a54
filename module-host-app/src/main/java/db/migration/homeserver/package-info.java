/**
 * The homeserver's schema migrations written in Java, where SQL alone cannot do the job on every
 * supported database; Flyway runs them in version order with the SQL ones beside them.
 */
@NullMarked
package db.migration.homeserver;

import org.jspecify.annotations.NullMarked;
