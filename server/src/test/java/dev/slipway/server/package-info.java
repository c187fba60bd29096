@NullMarked
package dev.slipway.server;

import org.jspecify.annotations.NullMarked;
