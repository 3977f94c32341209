package io.reply.sdk

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * A cold [Flow] over pages: each collection asks [next] for pages until it
 * answers `null`. The generated `pages()` / `items()` extensions of every
 * pager (Pagers.kt) are built on it.
 */
fun <P : Any> pageFlow(next: suspend () -> P?): Flow<P> = flow {
    while (true) {
        emit(next() ?: break)
    }
}
