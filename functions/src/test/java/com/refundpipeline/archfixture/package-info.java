/**
 * Deliberate violations of the package boundaries, one fixture root per rule of
 * {@code architecture.ArchitectureRules}, plus a clean root that breaks none: the proof, kept in the build, that each
 * rule can fail. Nothing here is product code; {@code ArchitectureTest} imports main classes only.
 */
package com.refundpipeline.archfixture;
