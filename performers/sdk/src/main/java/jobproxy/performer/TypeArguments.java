package jobproxy.performer;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/** Resolves the actual type argument a subclass gives a generic superclass (e.g. P of Performer<P, R>). */
final class TypeArguments {
    private TypeArguments() {
    }

    /** The type bound to {@code target}'s type parameter {@code index} by {@code type}; Object when left raw. */
    static Type of(Class<?> type, Class<?> target, int index) {
        Map<TypeVariable<?>, Type> bound = new HashMap<>();
        Class<?> current = type;
        while (current != null && current != target) {
            Type sup = current.getGenericSuperclass();
            if (sup instanceof ParameterizedType pt) {
                Class<?> raw = (Class<?>) pt.getRawType();
                TypeVariable<?>[] vars = raw.getTypeParameters();
                Type[] args = pt.getActualTypeArguments();
                for (int i = 0; i < vars.length; i++) {
                    bound.put(vars[i], resolve(args[i], bound));
                }
                current = raw;
            } else {
                current = current.getSuperclass();
            }
        }
        if (current == null) {
            throw new IllegalArgumentException(type + " does not extend " + target);
        }
        Type t = bound.get(target.getTypeParameters()[index]);
        return t == null || t instanceof TypeVariable<?> ? Object.class : t;
    }

    private static Type resolve(Type t, Map<TypeVariable<?>, Type> bound) {
        return t instanceof TypeVariable<?> v && bound.containsKey(v) ? bound.get(v) : t;
    }

    /** The class the author wrote, not a generated subclass (Micronaut AOP proxies end in $Intercepted). */
    static Class<?> userClass(Class<?> c) {
        Class<?> k = c;
        while (k.getSimpleName().contains("$") && k.getSuperclass() != null && k.getSuperclass() != Object.class) {
            k = k.getSuperclass();
        }
        return k;
    }
}
