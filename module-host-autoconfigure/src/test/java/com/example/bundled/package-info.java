/**
 * Modules the bundle tests load from module bundles.
 */
@NullMarked
package com.example.bundled;

import org.jspecify.annotations.NullMarked;
