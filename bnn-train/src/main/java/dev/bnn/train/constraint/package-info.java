/** Constraints that optimizers apply to parameters after each update (the latent weight clip). */
package dev.bnn.train.constraint;
