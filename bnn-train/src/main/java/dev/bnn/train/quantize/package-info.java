/**
 * Quantizers with straight-through estimators (Larq's pattern): one small class per quantizer,
 * each documenting its forward formula, pseudo-gradient and paper.
 */
package dev.bnn.train.quantize;
