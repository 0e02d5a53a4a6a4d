/**
 * Pure rewrites of a parsed query for hunt runs: {@link
 * org.huntboard.core.kql.rewrite.QueryRewriter} binds the time window, inserts a pipeline step
 * before the columns it needs are dropped, and adds a {@code summarize} key. Render the result with
 * {@link org.huntboard.core.kql.render.KqlRenderer}.
 */
package org.huntboard.core.kql.rewrite;
