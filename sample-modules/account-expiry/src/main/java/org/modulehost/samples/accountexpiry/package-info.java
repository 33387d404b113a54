/**
 * Sample module: account expiry with renewal over HTTP and renewal notices.
 */
@NullMarked
package org.modulehost.samples.accountexpiry;

import org.jspecify.annotations.NullMarked;
