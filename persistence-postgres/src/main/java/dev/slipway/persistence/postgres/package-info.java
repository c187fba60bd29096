/** The persistence SPI on postgres. */
@NullMarked
package dev.slipway.persistence.postgres;

import org.jspecify.annotations.NullMarked;
