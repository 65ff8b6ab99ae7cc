/** Losses averaged over a batch, each returning the loss and writing its gradient: squared hinge and softmax cross-entropy. */
package dev.bnn.train.loss;
