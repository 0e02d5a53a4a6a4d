/**
 * Turns syntax trees back into KQL text ({@link org.huntboard.core.kql.render.KqlRenderer}), so
 * that rewritten queries can be sent to Defender or Sentinel and parsed again to the same tree.
 */
package org.huntboard.core.kql.render;
