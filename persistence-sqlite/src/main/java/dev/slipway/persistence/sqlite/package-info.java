/** The persistence SPI on sqlite. */
@NullMarked
package dev.slipway.persistence.sqlite;

import org.jspecify.annotations.NullMarked;
